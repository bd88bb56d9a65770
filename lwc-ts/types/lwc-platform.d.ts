// Types for platform modules that @salesforce/lightning-types does not cover. Each declaration is
// the narrowest shape the components use; widen it when a component needs more.
import '@salesforce/lightning-types';

declare global {
  namespace jest {
    interface Matchers<R> {
      /** From @sa11y/jest: fails when axe finds an accessibility violation. */
      toBeAccessible(): Promise<R>;
    }
  }
}
