trigger ConduitTestEventTrigger on Conduit_Test_Event__e(after insert) {
    new TestEventSubscriber().run(Trigger.new);
}
