trigger OrderStatusTrigger on Conduit_Order_Status__e(after insert) {
    new OrderStatusSubscriber().run(Trigger.new);
}
