trigger AuditEventTrigger on Audit_Event__e(after insert) {
    EventHandler.handle(Trigger.new);
}
