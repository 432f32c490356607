// Makes every Descent iframe on this page as tall as its content: the playground in ?embed mode
// posts { type: 'descent:height', height } to its parent (docs/embedding.md, "The iframe").
addEventListener('message', (e) => { if (e.data?.type !== 'descent:height') return;
  for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = `${e.data.height}px`; });
