trigger ErpOrderTrigger on Order(after update) {
    new OrderTriggerHandler().afterUpdate(Trigger.new, Trigger.oldMap);
}
