import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCheckerGap } from './checker-gaps.ts';

const OBJECT = 'force-app/examples/default/objects/ERP_Invoice__x/ERP_Invoice__x.object-meta.xml';
const FIELD = 'force-app/examples/default/objects/ERP_Invoice__x/fields/Customer__c.field-meta.xml';

describe('isCheckerGap', () => {
  it("takes apex-ls's Salesforce Connect messages on an external object's files as its gap", () => {
    assert.equal(
      isCheckerGap(OBJECT, "No SObject declaration found for 'Schema.ERP_Invoice__x' [Error]"),
      true
    );
    assert.equal(
      isCheckerGap(FIELD, "Unrecognised type 'IndirectLookup' on custom field 'Customer__c'"),
      true
    );
  });

  it('keeps the same messages elsewhere, and other messages on those files, as errors', () => {
    const custom = 'force-app/main/default/objects/Conduit_Log__c/Conduit_Log__c.object-meta.xml';
    assert.equal(
      isCheckerGap(custom, "No SObject declaration found for 'Schema.Conduit_Log__c'"),
      false
    );
    assert.equal(isCheckerGap(FIELD, "Unrecognised type 'Lookup' on custom field 'X__c'"), false);
    assert.equal(
      isCheckerGap('force-app/main/default/classes/A.cls', "Unrecognised type 'IndirectLookup'"),
      false
    );
  });
});
