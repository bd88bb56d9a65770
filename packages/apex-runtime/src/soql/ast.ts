/** The runtime's own tree for a SOQL query, lowered from apex-parser's query rule. */

export type Path = string[];

export type SoqlValue =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'date'; text: string }
  | { kind: 'datetime'; text: string }
  | { kind: 'dateLiteral'; name: string; n: number | null }
  | { kind: 'bind'; text: string }
  | { kind: 'list'; values: SoqlValue[] }
  | { kind: 'subquery'; query: SoqlQuery };

export type CompareOp =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'in' | 'not in' | 'includes' | 'excludes';

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; target: Path | Aggregate; op: CompareOp; value: SoqlValue };

export type AggregateFn = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max';

export interface Aggregate {
  fn: AggregateFn;
  /** null for COUNT(). */
  path: Path | null;
}

export type SelectItem =
  | { kind: 'field'; path: Path; alias: string | null }
  | { kind: 'aggregate'; aggregate: Aggregate; alias: string | null }
  | { kind: 'subquery'; query: SoqlQuery };

export interface OrderItem {
  target: Path | Aggregate;
  descending: boolean;
  /** Default: nulls first when ascending, last when descending. */
  nullsFirst: boolean;
}

export interface SoqlQuery {
  select: SelectItem[];
  from: string;
  alias: string | null;
  where: Condition | null;
  groupBy: Path[];
  having: Condition | null;
  orderBy: OrderItem[];
  limit: SoqlValue | null;
  offset: SoqlValue | null;
  forUpdate: boolean;
  allRows: boolean;
  accessMode: 'user' | 'system' | 'security_enforced' | null;
  /** `SELECT COUNT() FROM ...`: the result is a number, not rows. */
  countOnly: boolean;
}
