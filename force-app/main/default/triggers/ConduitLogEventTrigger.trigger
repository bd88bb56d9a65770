trigger ConduitLogEventTrigger on Conduit_Log_Event__e(after insert) {
    LogEventHandler.handle(Trigger.new);
}
