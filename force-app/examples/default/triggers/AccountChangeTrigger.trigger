/**
 * The org's one AccountChangeEvent trigger: every Account change goes to ConduitChangeRouter,
 * which calls the handlers registered in Conduit_Change_Handler__mdt. A second router trigger on
 * the same event would route every change twice.
 */
trigger AccountChangeTrigger on AccountChangeEvent(after insert) {
    new ConduitChangeRouter().route(Trigger.new);
}
