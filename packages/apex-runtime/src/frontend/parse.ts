/**
 * Parses Apex with @apexdevtools/apex-parser and collects every syntax error with its position.
 */
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { Diagnostic } from '../errors.ts';
import type { SourceFile } from '../loader/project.ts';

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];

  apexSyntaxError(line: number, column: number, msg: string): void {
    this.errors.push({ line, column: column + 1, message: shortenExpectations(msg) });
  }
}

/** ANTLR lists every token it could have accepted; past a handful that hides the point. */
function shortenExpectations(message: string): string {
  return message.replace(/expecting \{([^}]*)\}/, (whole, list: string) => {
    const options = list.split(', ');
    return options.length <= 6 ? whole : `expecting one of ${options.slice(0, 6).join(', ')}, ...`;
  });
}

/** A parsed source: the ANTLR tree and any syntax errors. */
export interface ParsedSource<Tree> {
  source: SourceFile;
  tree: Tree;
  diagnostics: Diagnostic[];
}

/** Parses a class or trigger; the tree is partial when there are diagnostics. */
export function parseSource(source: SourceFile) {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source.text, listener);
  const tree =
    source.kind === 'class'
      ? parser.compilationUnit()
      : source.kind === 'trigger'
        ? parser.triggerUnit()
        : parser.anonymousUnit();
  const diagnostics: Diagnostic[] = listener.errors.map((e) => ({
    file: source.relativePath,
    line: e.line,
    column: e.column,
    message: `syntax error: ${e.message}`
  }));
  return { source, tree, diagnostics };
}
