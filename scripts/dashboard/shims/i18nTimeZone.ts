/** `@salesforce/i18n/timeZone`: the browser's time zone stands in for the user's. */
const timeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
export default timeZone;
