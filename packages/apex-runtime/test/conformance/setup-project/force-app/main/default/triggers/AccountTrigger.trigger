trigger AccountTrigger on Account(before update, after insert) {
    AccountPutHandler.handle();
}
