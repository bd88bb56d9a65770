trigger OrderSyncGuard on Order_Sync__c (after insert, after update) {
    for (Order_Sync__c o : Trigger.new) {
        if (o.Status__c == 'Reject') {
            o.addError('rejected');
        }
    }
}
