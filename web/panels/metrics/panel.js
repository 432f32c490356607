// The metrics card: the session's metrics for the training and validation rows (metrics.js draws
// the table and the confusion matrices), redrawn when the engine sends new ones (a few times a
// second at most). Hidden in function mode, which has no data.
// Not here: computing any metric (the engine does).
import { el } from '../../dom.js';
import { MetricsPanel } from './metrics.js';

export function build(ctx) {
  const card = el('section', null, { class: 'card metrics-card', 'aria-labelledby': 'metrics-title' });
  const box = el('div', null, { id: 'metrics', class: 'metrics' });
  card.append(el('h2', 'Metrics', { id: 'metrics-title' }), box);
  ctx.place(card);
  const table = new MetricsPanel(box);
  table.clear();
  let drawn = -1;

  return {
    update(s, event) {
      switch (event.type) {
        case 'spec':
          card.hidden = s.spec.data.source === 'function';
          break;
        case 'opened':
          drawn = -1;
          table.clear();
          break;
        case 'invalid':
          drawn = -1;
          table.clear('No metrics: the setup cannot train.');
          break;
        case 'frame':
          if (s.metrics && s.problem && drawn !== s.metricsVersion) {
            drawn = s.metricsVersion;
            table.render(s.metrics, s.problem.task, s.problem.classNames);
          }
          break;
        default:
      }
    },
    dispose() { card.remove(); },
  };
}
