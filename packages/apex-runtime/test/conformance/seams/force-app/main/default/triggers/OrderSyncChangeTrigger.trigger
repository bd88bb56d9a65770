trigger OrderSyncChangeTrigger on Order_Sync__ChangeEvent (after insert) {
    CdcLog.followUp(Trigger.new);
}
