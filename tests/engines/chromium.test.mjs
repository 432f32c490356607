// Debian's Chromium (playwright-core):
// the facade's result bytes equal the native build's, and the playground trains.
// The checks live in suite.mjs, the same for every engine; the driver in tests/helpers/engines.mjs.
import { engineSuite } from './suite.mjs';

engineSuite('chromium');
