/// <reference lib="dom" />
/** `@salesforce/i18n/locale`: the browser's language stands in for the user's locale. */
const locale: string = navigator.language || 'en-US';
export default locale;
