// The banners: a notice (what a link, an attribute or an edit had to change, by path), why the
// setup cannot train, a diverged run with "Try lr/10", an error the page hit, and the engine's
// health (busy, silent or stopped, with Cancel / Restart). Messages go in as text only.
// Slots: "notices" (the first four), "health" (the engine's health; the page pins it to the bottom).
// Not here: deciding what to say (the controller and engine/client.js healthMessage).
import { el } from '../../dom.js';
import { short } from '../../charts/format.js';

export function build(ctx) {
  const { intent } = ctx;
  const list = (items) => items.map((i) => el('li', i.message));

  const noticeTitle = el('strong', '', { id: 'notice-title' });
  const noticeList = el('ul', null, { id: 'notice-list' });
  const noticeClose = el('button', '×', { type: 'button', id: 'notice-close', class: 'icon', 'aria-label': 'Dismiss this notice' });
  const noticeText = el('div');
  noticeText.append(noticeTitle, noticeList);
  const notice = el('div', null, { id: 'notice', class: 'banner info notice', role: 'status' });
  notice.append(noticeText, noticeClose);
  noticeClose.addEventListener('click', () => intent('dismissNotice'));

  const errorsList = el('ul', null, { id: 'spec-errors-list' });
  const errorsText = el('div');
  errorsText.append(el('strong', 'This setup cannot train:'), errorsList);
  const errors = el('div', null, { id: 'spec-errors', class: 'banner danger', role: 'alert' });
  errors.append(errorsText);

  const divergenceMessage = el('span', '', { id: 'divergence-message' });
  const lower = el('button', 'Try lr/10', { type: 'button', id: 'try-lower-lr', class: 'primary' });
  lower.addEventListener('click', () => intent('tryLowerLr'));
  const divergenceText = el('div');
  divergenceText.append(el('strong', 'Training diverged.'), ' ', divergenceMessage);
  const divergence = el('div', null, { id: 'divergence', class: 'banner danger', role: 'alert' });
  divergence.append(divergenceText, lower);

  const appError = el('div', null, { id: 'app-error', class: 'banner danger', role: 'alert' });

  const healthText = el('span', '', { id: 'engine-health-text', class: 'health-text' });
  const restart = el('button', '', { type: 'button', id: 'engine-restart', class: 'primary' });
  restart.addEventListener('click', () => intent('restartEngine'));
  const health = el('div', null, { id: 'engine-health', class: 'banner info engine-health health', role: 'status' });
  health.append(healthText, restart);

  for (const e of [notice, errors, divergence, appError, health, restart]) e.hidden = true;
  const box = el('div', null, 'notice-stack');
  box.append(notice, errors, divergence, appError);
  ctx.place(box, 'notices');
  ctx.place(health, 'health');

  function showNotice(s) {
    const n = s.notice;
    notice.hidden = !n;
    if (!n) return;
    noticeTitle.textContent = n.title;
    noticeList.replaceChildren(...list(n.issues));
  }

  function showErrors(s) {
    errors.hidden = !s.errors.length;
    errorsList.replaceChildren(...list(s.errors));
  }

  function showDivergence(s) {
    const p = s.progress;
    const on = s.status.state === 'diverged' && !!p;
    divergence.hidden = !on;
    if (!on) return;
    divergenceMessage.textContent = p.message;
    lower.textContent = `Try lr/10 (${short(s.spec.optimizer.lr / 10)})`;
  }

  function showHealth(s) {
    const h = s.health;
    healthText.textContent = h.text ?? '';
    restart.textContent = h.action ?? '';
    restart.hidden = !h.action;
    health.dataset.state = h.state;
    health.classList.toggle('danger', h.state === 'failed' || h.state === 'silent');
    health.hidden = !h.text;
  }

  return {
    update(s, event) {
      switch (event.type) {
        case 'notice':
          showNotice(s);
          appError.textContent = s.appError;
          appError.hidden = !s.appError;
          break;
        case 'opened': case 'invalid':
          showErrors(s);
          break;
        case 'health':
          showHealth(s);
          break;
        case 'frame': case 'status':
          showDivergence(s);
          break;
        default:
      }
    },
    dispose() { box.remove(); health.remove(); },
  };
}
