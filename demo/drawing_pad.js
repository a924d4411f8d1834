// The Sketch tab's drawing pad: a plain canvas, black brush on white, an eraser, undo and a bin.
// When a stroke ends, the whole canvas goes to the server as one small PNG (a data: URL of
// about 10-30 kB) with the 'stroke' event. Gradio's own Sketchpad uploads its background,
// layers and composite as separate files before each event: seconds per stroke on a busy
// machine, where the models need 45 ms. `element` and `trigger` come from gr.HTML.
const canvas = element.querySelector("canvas");
const context = canvas.getContext("2d");
const widths = element.querySelector(".drawing-pad").dataset;  // data-brush-px, data-eraser-px
const history = [];  // canvas snapshots before each stroke, for undo
let tool = "brush";
let last = null;  // the pen's previous point while a stroke is drawn

function blank() {
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
}

function inked() {  // any pixel darker than the paper?
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200) return true;
  return false;
}

function send() {
  if (inked()) trigger("stroke", { png: canvas.toDataURL("image/png") });
  else trigger("empty");
}

function point(event) {  // page pixels -> canvas pixels (the canvas is shown scaled)
  const box = canvas.getBoundingClientRect();
  return [(event.clientX - box.left) * canvas.width / box.width,
          (event.clientY - box.top) * canvas.height / box.height];
}

function segment(from, to) {
  context.strokeStyle = tool === "brush" ? "#000000" : "#ffffff";
  context.lineWidth = Number(tool === "brush" ? widths.brushPx : widths.eraserPx);
  context.lineCap = "round";
  context.lineJoin = "round";
  context.beginPath();
  context.moveTo(...from);
  context.lineTo(...to);
  context.stroke();
}

canvas.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  canvas.setPointerCapture(event.pointerId);
  history.push(context.getImageData(0, 0, canvas.width, canvas.height));
  if (history.length > 30) history.shift();
  last = point(event);
  segment(last, last);  // a click leaves a dot
});
canvas.addEventListener("pointermove", (event) => {
  if (last === null) return;
  const next = point(event);
  segment(last, next);
  last = next;
});
function finish() {
  if (last === null) return;
  last = null;
  send();
}
canvas.addEventListener("pointerup", finish);
canvas.addEventListener("pointercancel", finish);

element.querySelectorAll("[data-tool]").forEach((button) => button.addEventListener("click", () => {
  tool = button.dataset.tool;
  element.querySelectorAll("[data-tool]").forEach((b) => b.setAttribute("aria-pressed", b === button));
}));
element.querySelector("[data-action=undo]").addEventListener("click", () => {
  if (history.length === 0) return;
  context.putImageData(history.pop(), 0, 0);
  send();
});
element.querySelector("[data-action=clear]").addEventListener("click", () => {
  history.push(context.getImageData(0, 0, canvas.width, canvas.height));
  blank();
  trigger("empty");
});
// The tools' names in the language the page's switch shows (the Korean or English radio), read when
// the pointer or the keyboard reaches the pad, so a switch made after the page loaded is followed.
const words = JSON.parse(element.querySelector(".drawing-pad").dataset.words);
function speak() {
  const chosen = document.querySelector("#language input:checked");  // its value is the code: "en" or "ko"
  const said = words[chosen ? chosen.value : (navigator.language || "en").slice(0, 2)] || words.en;
  element.querySelectorAll("[data-word]").forEach((node) => {
    if (node.tagName !== "CANVAS") node.title = said[node.dataset.word];  // no tooltip over the drawing
    node.setAttribute("aria-label", said[node.dataset.word]);
  });
}
element.addEventListener("pointerover", speak);
element.addEventListener("focusin", speak);
speak();
blank();
