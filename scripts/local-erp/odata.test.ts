/**
 * The OData 4.0 invoice feed over real HTTP: the service document, `$metadata`, the query
 * options Salesforce Connect sends, server-driven paging and OData errors.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { INVOICES_PER_CUSTOMER } from './erp-invoices.ts';
import type { Invoice } from './erp-invoices.ts';
import type { LocalErp } from './server.ts';
import { call, conduitHeaders, erpFor } from './test/support.ts';

const CUSTOMERS = 10;

/** An ERP with CUSTOMERS customers (C-1001...), so 30 invoices. */
async function feedFor(t: TestContext, odataPageSize = 100): Promise<LocalErp> {
  const erp = await erpFor(t, { odataPageSize });
  const items = Array.from({ length: CUSTOMERS }, (_, i) => ({
    salesforceId: `001${String(i + 1).padStart(12, '0')}AAA`,
    name: `Customer ${i + 1}`
  }));
  const answer = await call(
    `${erp.url}/api/customers:batch`,
    'PUT',
    JSON.stringify(items),
    conduitHeaders('seed')
  );
  assert.equal(answer.status, 200);
  return erp;
}

interface Page {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Page> {
  const answer = await call(url, 'GET', undefined, headers);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.headers.get('odata-version'), '4.0');
  return JSON.parse(answer.text) as Page;
}

function invoices(erp: LocalErp, options: Record<string, string> = {}): Promise<Page> {
  return get(`${erp.url}/odata/v4/Invoices?${new URLSearchParams(options).toString()}`);
}

describe('OData service', () => {
  it('serves a service document naming the Invoices entity set', async (t) => {
    const erp = await feedFor(t);
    const service = await get(`${erp.url}/odata/v4/`);
    assert.equal(service['@odata.context'], `${erp.url}/odata/v4/$metadata`);
    assert.deepEqual(service.value, [{ name: 'Invoices', kind: 'EntitySet', url: 'Invoices' }]);
  });

  it('serves $metadata as well-formed CSDL XML with the Invoice entity type', async (t) => {
    const erp = await feedFor(t);
    const answer = await call(`${erp.url}/odata/v4/$metadata`, 'GET');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'application/xml');
    assert.equal(XMLValidator.validate(answer.text), true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      answer.text
    ) as {
      'edmx:Edmx': {
        Version: string;
        'edmx:DataServices': {
          Schema: {
            EntityType: {
              Name: string;
              Key: { PropertyRef: { Name: string } };
              Property: { Name: string; Type: string }[];
            };
            EntityContainer: { EntitySet: { Name: string; EntityType: string } };
          };
        };
      };
    };
    assert.equal(doc['edmx:Edmx'].Version, '4.0');
    const schema = doc['edmx:Edmx']['edmx:DataServices'].Schema;
    assert.equal(schema.EntityType.Name, 'Invoice');
    assert.equal(schema.EntityType.Key.PropertyRef.Name, 'InvoiceId');
    assert.deepEqual(
      schema.EntityType.Property.map((p) => `${p.Name}:${p.Type}`),
      [
        'InvoiceId:Edm.String',
        'CustomerId:Edm.String',
        'Number:Edm.String',
        'IssueDate:Edm.Date',
        'DueDate:Edm.Date',
        'Amount:Edm.Decimal',
        'Currency:Edm.String',
        'Status:Edm.String'
      ]
    );
    assert.equal(schema.EntityContainer.EntitySet.EntityType, 'Conduit.LocalErp.Invoice');
  });

  it('generates the same invoices for a customer every time, keyed by its ERP id', async (t) => {
    const one = await feedFor(t);
    const two = await feedFor(t);
    const a = await invoices(one, { $filter: "CustomerId eq 'C-1004'" });
    const b = await invoices(two, { $filter: "CustomerId eq 'C-1004'" });
    assert.equal(a.value.length, INVOICES_PER_CUSTOMER);
    assert.deepEqual(a.value, b.value);
    const first = a.value[0] as unknown as Invoice;
    assert.equal(first.InvoiceId, 'INV-C-1004-1');
    assert.match(first.IssueDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(typeof first.Amount, 'number');
  });

  it('reads one invoice by key, 404 for an unknown one, 405 for a write', async (t) => {
    const erp = await feedFor(t);
    const one = await call(`${erp.url}/odata/v4/Invoices('INV-C-1002-3')`, 'GET');
    assert.equal(one.status, 200);
    const body = JSON.parse(one.text) as { '@odata.context': string; InvoiceId: string };
    assert.equal(body.InvoiceId, 'INV-C-1002-3');
    assert.match(body['@odata.context'], /\$metadata#Invoices\/\$entity$/);
    assert.equal((await call(`${erp.url}/odata/v4/Invoices('INV-X')`, 'GET')).status, 404);
    const write = await call(`${erp.url}/odata/v4/Invoices`, 'POST', '{}');
    assert.equal(write.status, 405);
    assert.match(
      (JSON.parse(write.text) as { error: { message: string } }).error.message,
      /read-only/
    );
  });
});

describe('OData availability', () => {
  it('shares the fault plan and stats of the ERP, so an outage reaches the feed', async (t) => {
    const erp = await feedFor(t);
    erp.setFaults({ rules: [{ kind: 'unavailable', pathPrefix: '/odata/v4', count: 1 }] });
    const down = await call(`${erp.url}/odata/v4/Invoices?$top=1`, 'GET');
    assert.equal(down.status, 503);
    const up = await call(`${erp.url}/odata/v4/Invoices?$top=1`, 'GET');
    assert.equal(up.status, 200);
    const stats = erp.stats().paths['GET /odata/v4/Invoices'];
    assert.deepEqual(stats?.byStatus, { '200': 1, '503': 1 });
  });
});

describe('OData query options', () => {
  it('filters with comparisons, and/or, parentheses and string, number and date literals', async (t) => {
    const erp = await feedFor(t);
    const all = (await invoices(erp)).value as unknown as Invoice[];
    assert.equal(all.length, CUSTOMERS * INVOICES_PER_CUSTOMER);
    const cases: [string, (i: Invoice) => boolean][] = [
      ["Status eq 'OPEN'", (i) => i.Status === 'OPEN'],
      ["Status ne 'PAID'", (i) => i.Status !== 'PAID'],
      ['Amount gt 5000', (i) => i.Amount > 5000],
      ['Amount le 2500.5', (i) => i.Amount <= 2500.5],
      ['IssueDate ge 2025-12-01', (i) => i.IssueDate >= '2025-12-01'],
      ['DueDate lt 2025-12-01', (i) => i.DueDate < '2025-12-01'],
      [
        "(CustomerId eq 'C-1001' or CustomerId eq 'C-1002') and not (Status eq 'PAID')",
        (i) => (i.CustomerId === 'C-1001' || i.CustomerId === 'C-1002') && i.Status !== 'PAID'
      ],
      ["startswith(Number,'2025') and Amount ge 100", (i) => i.Number.startsWith('2025')]
    ];
    for (const [filter, expected] of cases) {
      const got = (await invoices(erp, { $filter: filter })).value.map((i) => i.InvoiceId);
      assert.deepEqual(
        got,
        all.filter(expected).map((i) => i.InvoiceId),
        filter
      );
    }
  });

  it('orders, skips, takes, counts and selects', async (t) => {
    const erp = await feedFor(t);
    const all = (await invoices(erp)).value as unknown as Invoice[];
    const byAmount = [...all].sort((a, b) => b.Amount - a.Amount);
    const page = await invoices(erp, {
      $orderby: 'Amount desc',
      $skip: '2',
      $top: '5',
      $count: 'true',
      $select: 'InvoiceId,Amount'
    });
    assert.equal(page['@odata.count'], all.length);
    assert.match(page['@odata.context'], /\$metadata#Invoices\(InvoiceId,Amount\)$/);
    assert.deepEqual(
      page.value,
      byAmount.slice(2, 7).map((i) => ({ InvoiceId: i.InvoiceId, Amount: i.Amount }))
    );
    const counted = await call(
      `${erp.url}/odata/v4/Invoices/$count?$filter=${encodeURIComponent("Status eq 'OPEN'")}`,
      'GET'
    );
    assert.equal(counted.text, String(CUSTOMERS));
  });

  it('pages with @odata.nextLink until every row is served once', async (t) => {
    const erp = await feedFor(t, 7);
    const seen: string[] = [];
    let page = await invoices(erp, { $count: 'true', $orderby: 'IssueDate asc' });
    assert.equal(page['@odata.count'], 30);
    let pages = 1;
    seen.push(...page.value.map((i) => String(i.InvoiceId)));
    while (page['@odata.nextLink'] !== undefined) {
      assert.equal(page.value.length, 7);
      page = await get(page['@odata.nextLink']);
      seen.push(...page.value.map((i) => String(i.InvoiceId)));
      pages += 1;
    }
    assert.equal(pages, 5);
    assert.equal(new Set(seen).size, 30);
    const sorted = await get(`${erp.url}/odata/v4/Invoices?$orderby=IssueDate%20asc&$top=30`, {
      prefer: 'odata.maxpagesize=100'
    });
    assert.equal(sorted.value.length, 7, 'the server page size caps a larger preference');
  });

  it('honours a smaller Prefer: odata.maxpagesize and a $top across pages', async (t) => {
    const erp = await feedFor(t);
    const answer = await call(`${erp.url}/odata/v4/Invoices?$top=12`, 'GET', undefined, {
      prefer: 'odata.maxpagesize=5'
    });
    assert.equal(answer.headers.get('preference-applied'), 'odata.maxpagesize=5');
    let page = JSON.parse(answer.text) as Page;
    let total = page.value.length;
    while (page['@odata.nextLink'] !== undefined) {
      page = await get(page['@odata.nextLink'], { prefer: 'odata.maxpagesize=5' });
      total += page.value.length;
    }
    assert.equal(total, 12);
  });

  it('answers 400 with an OData error for a query it cannot serve', async (t) => {
    const erp = await feedFor(t);
    const bad: [Record<string, string>, RegExp][] = [
      [{ $filter: "Status eq 'OPEN' and" }, /expected a property or a literal/],
      [{ $filter: 'Status = 1' }, /cannot read|expected a comparison/],
      [{ $filter: "Colour eq 'red'" }, /no property Colour/],
      [
        { $filter: "IssueDate gt '2026-01-01'" },
        /IssueDate is Edm.Date: compare it with 2026-01-15/
      ],
      [{ $filter: "(Status eq 'OPEN'" }, /expected \)/],
      [{ $top: '-1' }, /\$top must be a whole number/],
      [{ $orderby: 'Amount sideways' }, /asc.*desc/],
      [{ $select: 'Nope' }, /no property Nope/],
      [{ $expand: 'Customer' }, /\$expand is not supported/]
    ];
    for (const [options, message] of bad) {
      const answer = await call(
        `${erp.url}/odata/v4/Invoices?${new URLSearchParams(options).toString()}`,
        'GET'
      );
      assert.equal(answer.status, 400, JSON.stringify(options));
      const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'BadRequest');
      assert.match(body.error.message, message);
    }
  });
});
