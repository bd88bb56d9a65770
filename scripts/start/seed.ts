/**
 * The local org's starting state, written as Execute Anonymous Apex (what an admin would run
 * against a scratch org): Conduit's org-wide settings, sample customers, a product with its
 * standard price, and then Orders in batches, each activated in the transaction that creates it
 * so that OrderSyncProcess enqueues its customer upsert and order create through Conduit.
 */
import type { LocalOrg } from '../../packages/apex-runtime/src/index.ts';

/** Sample customers the orders are spread over. */
export const ACCOUNT_COUNT = 20;
const CITIES = ['Lyon', 'Porto', 'Ghent', 'Turin', 'Leeds'];

/** Apex that sets Conduit's settings and loads the sample data. */
export function setupApex(): string {
  return `
insert new Conduit_Settings__c(
    SetupOwnerId = UserInfo.getOrganizationId(),
    Service_Name__c = 'conduit-local',
    OTLP_Export_Enabled__c = false,
    // The local ERP posts every status back within virtual seconds of the accelerated clock.
    Inbound_Requests_Per_Minute__c = 0
);
Id pricebookId = [SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1].Id;
Product2 widget = new Product2(Name = 'Widget', ProductCode = 'W-1', IsActive = true);
insert widget;
insert new PricebookEntry(Pricebook2Id = pricebookId, Product2Id = widget.Id, UnitPrice = 12.5, IsActive = true);
List<String> cities = new List<String>{ ${CITIES.map((c) => `'${c}'`).join(', ')} };
List<Account> accounts = new List<Account>();
for (Integer i = 1; i <= ${ACCOUNT_COUNT}; i++) {
    accounts.add(new Account(Name = 'Customer ' + i, BillingCity = cities[Math.mod(i, cities.size())], BillingCountry = 'EU'));
}
insert accounts;
`;
}

/**
 * Apex that creates `count` Draft Orders with one line each and activates them, spread over the
 * sample customers after the Orders that exist. The text depends on `count` only, so the runtime
 * parses it once for every full batch.
 */
export function orderBatchApex(count: number): string {
  return `
Integer first = [SELECT COUNT() FROM Order];
Id pricebookId = [SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1].Id;
PricebookEntry entry = [SELECT Id, Product2Id FROM PricebookEntry WHERE Pricebook2Id = :pricebookId AND Product2.ProductCode = 'W-1' LIMIT 1];
List<Account> accounts = [SELECT Id FROM Account WHERE Name LIKE 'Customer %' ORDER BY Name];
List<Order> orders = new List<Order>();
for (Integer i = first; i < first + ${count}; i++) {
    orders.add(new Order(AccountId = accounts[Math.mod(i, accounts.size())].Id, EffectiveDate = Date.today(), Status = 'Draft', Pricebook2Id = pricebookId));
}
insert orders;
List<OrderItem> items = new List<OrderItem>();
for (Integer i = 0; i < orders.size(); i++) {
    items.add(new OrderItem(OrderId = orders[i].Id, PricebookEntryId = entry.Id, Product2Id = entry.Product2Id, Quantity = 1 + Math.mod(i, 5), UnitPrice = 12.5));
}
insert items;
for (Order record : orders) {
    record.Status = 'Activated';
}
update orders;
`;
}

/** Runs Apex that must succeed; a failure means the project or the runtime changed. */
export function runOrThrow(org: LocalOrg, what: string, code: string): void {
  const result = org.runApex(code);
  if (result.exception)
    throw new Error(
      `Could not ${what} in the local org: ${result.exception}\n${result.stackTrace.join('\n')}`
    );
}
