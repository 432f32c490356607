// The playground page's entry (index.html): starts the engine worker at once (its module fetch and
// the wasm compile), then loads the page itself (hosts/page.js, the big module with every panel),
// so the two load side by side instead of one after the other (issue 25: ready to the first step).
// The styles are imported here, so they still arrive as the page's own stylesheet, before it draws.
// Not here: anything the page does (hosts/page.js); a failed load is boot.js's to report.
import '../styles/base.css';
import 'uplot/dist/uPlot.min.css';
import './page.css';
import '../math.css';
import { startEarly } from '../engine/client.js';

import.meta.glob('../panels/*/*.css', { eager: true });

startEarly();
import('./page.js');
