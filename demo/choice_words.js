// Gradio's example tables show a radio choice by its label as the server sent it; a translated
// label is still its raw marker there (__i18n__{"__type__": ..., "key": "digits_all"}), because
// the tables do not run gr.I18n. This writes each such marker in the page's language, and again
// whenever the language switch shows another language (clicked, or set by the server when the page
// opens: no DOM event then, but the switch's labels change class). `element` comes from gr.HTML.
const words = JSON.parse(element.querySelector(".choice-words").dataset.words);
const MARK = /__i18n__\{"__type__": "translation_metadata", "key": "([^"]+)"\}/g;
const marked = new Map();  // text node -> its text with the markers, to translate again on a switch
let spoken = null;  // the language the markers were last written in

function language() {
  const chosen = document.querySelector("#language input:checked");  // its value is "en" or "ko"
  return chosen ? chosen.value : (navigator.language || "en").slice(0, 2);
}

function say(node) {
  const said = words[spoken] || words.en;
  const text = marked.get(node).replace(MARK, (whole, key) => said[key] || words.en[key] || key);
  if (node.nodeValue !== text) node.nodeValue = text;
}

function mark(node) {  // a text node that holds a marker: remember its text, then write it out
  if (node.nodeValue.includes("__i18n__")) { marked.set(node, node.nodeValue); say(node); }
}

function visit(root) {
  if (root.nodeType === Node.TEXT_NODE) return mark(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) mark(node);
}

function sayAgainIfSwitched() {
  if (language() === spoken) return;
  spoken = language();
  for (const node of [...marked.keys()]) {
    if (node.isConnected) say(node); else marked.delete(node);
  }
}

new MutationObserver((records) => {
  sayAgainIfSwitched();
  for (const record of records) {
    if (record.type === "characterData") visit(record.target);
    else if (record.type === "childList") record.addedNodes.forEach(visit);
  }
}).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true,
                            attributeFilter: ["class"] });
spoken = language();
visit(document.body);
