trigger WidgetTrigger on Widget__c(before insert, before update, before delete, after insert, after update, after delete, after undelete) {
    WidgetHandler.handle();
}
