/**
 * The test package's change trigger: Product2 changes reach ConduitChangeRouter, so the
 * framework's routing is tested without the examples (which route Account changes). One router
 * trigger per change event: nothing else may route Product2ChangeEvent in an org with these tests.
 */
trigger ConduitTestProductChangeTrigger on Product2ChangeEvent(after insert) {
    new ConduitChangeRouter().route(Trigger.new);
}
