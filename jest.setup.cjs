// Adds toBeAccessible() (axe rules through @sa11y/jest) to every LWC test.
const { registerSa11yMatcher } = require('@sa11y/jest');

registerSa11yMatcher();
