trigger OrderEventTrigger on Order_Event__e(after insert) {
    EventHandler.handle(Trigger.new);
}
