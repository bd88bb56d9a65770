trigger AccountChangeTrigger on AccountChangeEvent (after insert) {
    CdcLog.batches++;
    CdcLog.received.addAll(Trigger.new);
}
