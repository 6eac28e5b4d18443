"""The page's CSS and its one small script (given to Gradio's launch as css= and head=).

The script only does what HTML alone cannot inside a chat message: a click on a [n] marker opens that
answer's card, scrolls to it and marks it; "Copy answer with sources" copies the text the message
holds. Everything else is Gradio's own components and events.
"""
from __future__ import annotations

CSS = """
.turn, .message { overflow-wrap: anywhere; }
.turn .answer-line { margin: 0 0 .4em 0; }
.turn ul.evidence, .turn ol.evidence { margin: .2em 0 .6em 1.2em; padding: 0; }
.turn ul.evidence li { margin: .25em 0; }
.turn q { font-style: italic; }
/* secondary text: the body colour, slightly lighter (the theme's "subdued" grey fails WCAG AA contrast) */
.turn .where, .turn .turn-meta, .turn .meta, .peek .meta { color: var(--body-text-color); opacity: .87; font-size: .9em; }
/* the theme's orange and red buttons with white text fail WCAG AA contrast (2.8:1, 3.8:1) */
.gradio-container button.primary { background: #c2410c; border-color: #c2410c; color: #fff; }
.gradio-container button.primary:hover { background: #9a3412; }
/* Gradio's light grey helper texts and orange selected tab fail it too */
.gradio-container .info-text, .gradio-container .or { color: var(--body-text-color); opacity: .87; }
.gradio-container button[role=tab].selected { color: #c2410c; }
.gradio-container button.stop { background: #b91c1c; border-color: #b91c1c; color: #fff; }
.turn .turn-meta { margin: 0 0 .4em 0; }
.turn .notice { border-left: 3px solid #b45309; padding-left: .5em; }
.turn .unsupported { color: #b91c1c; font-weight: 600; }
.turn .turn-status { font-style: italic; }
a.cite { position: relative; font-weight: 600; text-decoration: none; padding: 0 .1em; border-radius: 3px; }
a.cite:hover, a.cite:focus-visible { text-decoration: underline; outline: 2px solid currentColor; }
a.cite .peek { display: none; position: absolute; z-index: 20; left: 0; top: 1.6em; width: min(22em, 80vw);
  padding: .5em .6em; border: 1px solid var(--border-color-primary); border-radius: 6px;
  background: var(--background-fill-primary); color: var(--body-text-color); font-weight: 400; font-size: .85em;
  box-shadow: 0 2px 8px rgba(0,0,0,.15); white-space: normal; }
a.cite:hover .peek, a.cite:focus .peek { display: block; }
.peek .title { display: block; font-weight: 600; }
.peek .meta, .peek .peek-quote { display: block; margin-top: .2em; }
.turn .sources { margin-top: .6em; border-top: 1px solid var(--border-color-primary); padding-top: .3em; }
.turn .sources-head { font-weight: 600; margin: .2em 0; }
details.card { margin: .3em 0; border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .2em .5em; }
details.card summary { cursor: pointer; }
details.card .num { font-weight: 600; }
details.card.is-target { outline: 3px solid #2563eb; animation: card-flash 1.2s ease-out 1; }
@keyframes card-flash { from { background: #eff6ff; } to { background: transparent; } }
details.card blockquote { margin: .3em 0; padding-left: .6em; border-left: 3px solid var(--border-color-primary);
  white-space: normal; font-size: .92em; }
mark.cited { background: #fde68a; color: #111827; padding: 0 .1em; }
.turn .byline { margin: .2em 0; font-size: .9em; }
.turn .turn-tools { margin-top: .4em; }
.turn .copy-answer { font-size: .85em; border: 1px solid var(--border-color-primary); border-radius: 4px; padding: .1em .5em; }
.turn .copy-text { display: none; }
.turn details.closest { margin-top: .4em; }
#index-status p { margin: 0; }
#chat .placeholder-content { justify-content: flex-start; }  /* the welcome starts at the top, never cut off */
@media (max-width: 640px) {
  #chat .example { padding: .4em .6em; min-height: 0; }
  #chat .message-row .message, #chat .bot { max-width: 100%; }
}
#scope-summary p { margin: 0; font-size: .9em; }
"""

HEAD = """
<script>
(() => {
  function openCard(link, event) {
    const card = document.getElementById(link.getAttribute('href').slice(1));
    if (!card) return;
    event.preventDefault();
    document.querySelectorAll('details.card.is-target').forEach(c => c.classList.remove('is-target'));
    card.open = true;
    card.classList.add('is-target');
    card.scrollIntoView({block: 'nearest', behavior: 'auto'});
    const summary = card.querySelector('summary');
    if (summary) summary.focus({preventScroll: true});
  }
  async function copyAnswer(button) {
    const text = button.parentElement.querySelector('.copy-text').textContent;
    try { await navigator.clipboard.writeText(text); }
    catch (e) {  /* no clipboard API (plain http on another host): select and copy */
      const area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand('copy'); area.remove();
    }
    button.textContent = 'Copied';
  }
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.cite');
    if (link) return openCard(link, event);
    const button = event.target.closest && event.target.closest('button.copy-answer');
    if (button) copyAnswer(button);
  });
})();
</script>
"""
