trigger ConduitTestAccountChangeTrigger on AccountChangeEvent(after insert) {
    new ConduitChangeRouter().route(Trigger.new);
}
