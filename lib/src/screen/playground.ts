/**
 * The playground: a live trainer in the notebook, as TensorFlow Playground, running the course's own lib in the
 * page. `playground({ data: "circles", hidden: [4], activation: "tanh", learningRate: 0.3 })` shows the data, the
 * decision map ŷ over the plane, every hidden unit's output over the plane (the network view of chapter 07), the
 * costs on the training and test sets, and the last hidden layer's feature space with the output unit's line: the
 * logistic regression that makes the decision, on the features the hidden layers learn. Play, pause, step and
 * reset; change the data, the features, the layers, the activation, the learning rate, the optimizer, λ, the
 * batch size as it trains.
 *
 * How it reaches the page (as the charts do, chart.ts): ONE output whose HTML is small — a root element with a
 * snapshot (a PNG of the decision map after `snapshotEpochs` epochs, trained here in the kernel by the same code)
 * and text saying how to bring the trainer back, and a script that loads the trainer once per page from the
 * Jupyter server that serves the notebook (`<base_url>files/…/lib/dist/browser/playground.js`, bundled from
 * lib/src by scripts/build-browser.mjs: the lib's own training code, no CDN) and mounts it on the root. After a
 * reload, in a reopened or saved notebook the script runs again where Jupyter trusts the output (the trainer
 * comes back by itself); where scripts do not run, the snapshot and its text stay. A page that serves the bundle
 * elsewhere (the course site) sets `window.LR2NN_PLAYGROUND_URL`.
 *
 * For tests and the readers' own scripts the live trainer's root has `data-playground`, and live `data-epoch`,
 * `data-loss` (the last epoch's training cost) and `data-test-loss`; its buttons carry
 * `data-action="play|pause|step|reset"`, its inputs `data-control="<option name>"` (e.g. "learningRate").
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { escapeHtml, showBundle, type MimeBundle } from "./display";
import { plotlyPath } from "./chart";
import type { PlaygroundOptions } from "./playground-options";
import { PlaygroundSession } from "./playground-session";
import { snapshotDataUrl } from "./playground-snapshot";

/** Where the built page bundle lies: lib/dist/browser/playground.js (from lib/dist/screen or lib/src/screen). */
export function playgroundBundleFile(): string {
  const candidates = [
    path.join(__dirname, "..", "browser", "playground.js"),
    path.join(__dirname, "..", "..", "dist", "browser", "playground.js"),
  ];
  return candidates.find((f) => existsSync(f)) ?? (candidates[0] as string);
}

/** What the output says where its script did not run (an untrusted or not-yet-run notebook). */
export const PLAYGROUND_PLACEHOLDER =
  "🎛 The live trainer (the playground) appears here when this cell runs: below is its snapshot, trained in the " +
  "kernel. Run this cell to bring the trainer back. (It is drawn by JavaScript, which Jupyter runs only in " +
  "trusted outputs: outputs of cells you ran, or a notebook you saved yourself. To bring back the trainers of a " +
  "notebook you did not run, trust it: classic Notebook File ▸ Trust Notebook, JupyterLab command palette ▸ " +
  "Trust Notebook.)";

/** What it says when its script ran but could not load the trainer's bundle (the URLs it tried follow it). */
export const NO_PLAYGROUND =
  "🎛 The live trainer could not be loaded from this Jupyter server, which serves files only from the folder it " +
  "was started in. Start Jupyter from the course folder with `npm start` (it serves lib/dist/browser/" +
  "playground.js; `npm run build` makes it), then reload this page. Below: the snapshot.";

/**
 * The page-wide loader (the first playground to run defines it): loads the bundle once per page with a
 * `<script src>`, trying `window.LR2NN_PLAYGROUND_URL`, the URL that worked last time (localStorage), then
 * `<base_url>files/<tail of the bundle's path>` for each tail; then mounts the queued playgrounds. When every
 * URL fails, each queued playground's note says `NO_PLAYGROUND` and the URLs tried.
 */
const LOADER = `function(path,noBundle){
var w=window;if(w.__lr2nnPgLoading)return;w.__lr2nnPgLoading=true;
var base="/";try{var c=document.getElementById("jupyter-config-data");
if(c&&JSON.parse(c.textContent).baseUrl){base=JSON.parse(c.textContent).baseUrl;}
else if(document.body&&document.body.getAttribute("data-base-url")){base=document.body.getAttribute("data-base-url");}}catch(e){}
if(base.charAt(base.length-1)!=="/"){base+="/";}
var urls=[],key="lr2nn.playgroundUrl",seg=path.split("/"),i=seg.lastIndexOf("dist");
function add(u){if(u&&urls.indexOf(u)<0){urls.push(u);}}
add(w.LR2NN_PLAYGROUND_URL);try{add(w.localStorage.getItem(key));}catch(e){}
for(i=(i<1?seg.length-1:i-1);i>=0;i--){add(base+"files/"+seg.slice(i).map(encodeURIComponent).join("/"));}
add(base+"files/node_modules/lr2nn/dist/browser/playground.js");
function run(){var q=w.__lr2nnPlaygrounds||[];w.__lr2nnPlaygrounds=[];for(var j=0;j<q.length;j++){try{q[j]();}catch(e){console.error(e);}}}
function fail(){w.__lr2nnPgLoading=false;var q=w.__lr2nnPlaygrounds||[];w.__lr2nnPlaygrounds=[];
for(var j=0;j<q.length;j++){var d=document.getElementById(q[j].lr2nnId);var p=d&&d.querySelector("[data-playground-note]");
if(p){p.textContent=noBundle+" (Tried: "+urls.join(", ")+")";}}}
var k=0;function next(){if(w.lr2nnPlayground){w.__lr2nnPgLoading=false;run();return;}
if(k>=urls.length){fail();return;}var url=urls[k++],s=document.createElement("script");s.src=url;
s.onload=function(){if(w.lr2nnPlayground){try{w.localStorage.setItem(key,url);}catch(e){}w.__lr2nnPgLoading=false;run();}else{next();}};
s.onerror=function(){if(s.parentNode){s.parentNode.removeChild(s);}next();};document.head.appendChild(s);}
next();}`.replace(/\n/g, "");

let counter = 0;

/** JSON text that is safe inside a `<script>`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

/** A one-line description: "Playground: circles, network [2, 4, 1] (tanh), gradientDescent, learning rate 0.3". */
export function playgroundText(session: PlaygroundSession): string {
  const s = session.settings;
  const hidden = s.hidden.length ? ` (${s.activation})` : " (no hidden layer: logistic regression)";
  return (
    `Playground: ${s.data}, network [${session.net.layerSizes.join(", ")}]${hidden}, ${s.optimizer}, ` +
    `learning rate ${s.learningRate}`
  );
}

/**
 * The output of one playground: the HTML (root with the snapshot and the note, and the script that loads and
 * mounts the live trainer) and a line of text. Trains a session for `snapshotEpochs` epochs for the snapshot.
 */
export function playgroundBundle(options: PlaygroundOptions = {}, id?: string): MimeBundle {
  const session = new PlaygroundSession(options);
  const s = session.settings;
  session.step(s.snapshotEpochs);
  const rootId = id ?? `lr2nn-playground-${Date.now().toString(36)}-${++counter}`;
  const cost = Number.isFinite(session.cost)
    ? `cost ${session.cost.toFixed(3)} (training), ${session.testCosts.at(-1)!.toFixed(3)} (test), ` +
      `${Math.round(100 * session.testAccuracy())} % of the test points right`
    : (session.failure ?? "not trained");
  const caption = `${playgroundText(session)}. Snapshot after ${session.epoch} epochs: ${cost}.`;
  const html =
    `<div class="lr2nn-playground" id="${rootId}" data-playground="" data-state="snapshot" ` +
    `style="font-family:sans-serif;font-size:13px">` +
    `<p data-playground-note="" style="color:#a15c00;padding:8px;border:1px dashed #a15c00">` +
    `${escapeHtml(PLAYGROUND_PLACEHOLDER)}</p>` +
    `<figure style="margin:4px 0"><img alt="${escapeHtml(caption)}" width="240" height="240" ` +
    `src="${snapshotDataUrl(session)}">` +
    `<figcaption style="color:#555">${escapeHtml(caption)}</figcaption></figure></div>\n` +
    `<script type="text/javascript">(function(){\n` +
    `var id=${JSON.stringify(rootId)},options=${scriptJson(s)},tries=0;\n` +
    `function start(){var el=document.getElementById(id);` +
    `if(!el){if(tries++<100){setTimeout(start,50);}return;}window.lr2nnPlayground.mount(el,options);}\n` +
    `start.lr2nnId=id;\n` +
    `if(window.lr2nnPlayground){start();return;}\n` +
    `(window.__lr2nnPlaygrounds=window.__lr2nnPlaygrounds||[]).push(start);\n` +
    `(window.__lr2nnPgLoad=window.__lr2nnPgLoad||${LOADER})(` +
    `${JSON.stringify(plotlyPath(playgroundBundleFile()))},${JSON.stringify(NO_PLAYGROUND)});\n` +
    `})();</script>`;
  return { "text/html": html, "text/plain": caption };
}

/**
 * Shows a live trainer running the lib in the page (see the module's comment), e.g.
 * `playground({ data: "circles", hidden: [4], activation: "tanh", learningRate: 0.3 })`.
 * Options (all optional): data, noise, points, testFraction, features, hidden, activation, learningRate,
 * optimizer, lambda, batchSize (0: full batch), seed, speed (epochs per frame), snapshotEpochs.
 */
export function playground(options: PlaygroundOptions = {}): void {
  showBundle(playgroundBundle(options));
}
