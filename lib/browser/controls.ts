/**
 * The playground's controls: labelled buttons, selects and inputs (keyboard-operable as the browser makes them),
 * each input carrying `data-control="<option name>"` and each button `data-action="play|pause|step|reset"`.
 * Reading them back gives `PlaygroundOptions`, which lib/src/screen/playground-options.ts checks.
 */
import {
  featureLabel,
  PLAYGROUND_ACTIVATIONS,
  PLAYGROUND_DATA,
  PLAYGROUND_FEATURES,
  PLAYGROUND_OPTIMIZERS,
  type PlaygroundOptions,
  type PlaygroundSettings,
} from "../src/screen/playground-options";

/** The options a change of which needs a new network (Reset); the others apply while training. */
export const REBUILD = [
  "data",
  "noise",
  "points",
  "testFraction",
  "seed",
  "features",
  "hidden",
  "activation",
];

const OPTIMIZER_LABELS: Record<string, string> = {
  gradientDescent: "gradient descent",
  momentum: "momentum",
  adam: "Adam",
};

/** Makes an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/** A labelled field: <label for=id>text</label> and its control. */
function field(id: string, text: string, control: HTMLElement, title?: string): HTMLElement {
  control.id = id;
  const label = h("label", { for: id }, text);
  if (title) label.title = title;
  return h("span", { class: "lr2nn-pg-field" }, label, control);
}

function select(
  name: string,
  values: readonly (string | number)[],
  labels: (v: string) => string,
): HTMLSelectElement {
  const s = h("select", { "data-control": name });
  for (const v of values) s.append(h("option", { value: String(v) }, labels(String(v))));
  return s;
}

function numberInput(name: string, attrs: Record<string, string>): HTMLInputElement {
  return h("input", { type: "number", "data-control": name, ...attrs });
}

/** The controls of one playground, and how to read and set them. */
export interface Controls {
  element: HTMLElement;
  play: HTMLButtonElement;
  step: HTMLButtonElement;
  reset: HTMLButtonElement;
  /** Every input by option name (features: one checkbox per feature). */
  inputs: Map<string, HTMLInputElement | HTMLSelectElement>;
  features: Map<string, HTMLInputElement>;
  /** The options the controls hold (unchecked: playground-options checks them). */
  read(): PlaygroundOptions;
  /** Shows settings in the controls. */
  write(s: PlaygroundSettings): void;
}

/** Builds the controls; `prefix` makes the ids unique on the page. */
export function buildControls(prefix: string): Controls {
  const id = (name: string) => `${prefix}-${name.replace(/[^a-z0-9]/gi, "")}`;
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const add = <T extends HTMLInputElement | HTMLSelectElement>(name: string, el: T): T => {
    inputs.set(name, el);
    return el;
  };
  const play = h(
    "button",
    { type: "button", "data-action": "play", class: "lr2nn-pg-play" },
    "▶ Play",
  );
  const step = h(
    "button",
    { type: "button", "data-action": "step", title: "Train one epoch" },
    "Step +1",
  );
  const reset = h(
    "button",
    {
      type: "button",
      "data-action": "reset",
      title: "A new network with the settings below, from epoch 0",
    },
    "⟲ Reset",
  );
  const data = add(
    "data",
    select("data", PLAYGROUND_DATA, (v) => v),
  );
  const noise = add("noise", numberInput("noise", { min: "0", max: "2", step: "0.01" }));
  const points = add("points", numberInput("points", { min: "20", max: "2000", step: "10" }));
  const testFraction = add(
    "testFraction",
    numberInput("testFraction", { min: "0.05", max: "0.9", step: "0.05" }),
  );
  const seed = add("seed", numberInput("seed", { step: "1" }));
  const features = new Map<string, HTMLInputElement>();
  const featureBoxes = PLAYGROUND_FEATURES.map((f) => {
    const box = h("input", {
      type: "checkbox",
      "data-control": "features",
      value: f,
      id: id(`f-${f}`),
    });
    features.set(f, box);
    return h(
      "span",
      { class: "lr2nn-pg-check" },
      box,
      h("label", { for: id(`f-${f}`) }, featureLabel(f)),
    );
  });
  const hidden = add(
    "hidden",
    h("input", {
      type: "text",
      "data-control": "hidden",
      size: "9",
      placeholder: "e.g. 4, 2",
      inputmode: "numeric",
    }),
  );
  const activation = add(
    "activation",
    select("activation", PLAYGROUND_ACTIVATIONS, (v) => v),
  );
  const learningRate = add("learningRate", numberInput("learningRate", { min: "0", step: "any" }));
  const optimizer = add(
    "optimizer",
    select("optimizer", PLAYGROUND_OPTIMIZERS, (v) => OPTIMIZER_LABELS[v] ?? v),
  );
  const lambda = add("lambda", numberInput("lambda", { min: "0", step: "any" }));
  const batchSize = add("batchSize", numberInput("batchSize", { min: "0", step: "1" }));
  const speed = add(
    "speed",
    select("speed", [1, 5, 20, 100, 0], (v) =>
      v === "0" ? "as fast as it can" : `${v} epoch${v === "1" ? "" : "s"}/frame`,
    ),
  );
  const row = (...els: HTMLElement[]) => h("div", { class: "lr2nn-pg-row" }, ...els);
  const element = h(
    "div",
    { class: "lr2nn-pg-controls" },
    row(
      field(id("data"), "Data", data),
      field(id("noise"), "Noise", noise, "Standard deviation of the points' jitter"),
      field(id("points"), "Points", points),
      field(
        id("testFraction"),
        "Test share",
        testFraction,
        "Share of the points held out (drawn with a black rim)",
      ),
      field(
        id("seed"),
        "Seed",
        seed,
        "Seed of the data, the split, the initial weights and the shuffle",
      ),
    ),
    row(
      h(
        "span",
        { class: "lr2nn-pg-field", role: "group", "aria-label": "Input features" },
        h("span", {}, "Inputs"),
        ...featureBoxes,
      ),
      field(
        id("hidden"),
        "Hidden layers",
        hidden,
        "Units per hidden layer, e.g. 4 or 8, 4 (0–4 layers of 1–8 units; empty: none)",
      ),
      field(id("activation"), "Activation", activation),
    ),
    row(
      field(id("learningRate"), "Learning rate", learningRate),
      field(id("optimizer"), "Optimizer", optimizer),
      field(id("lambda"), "L2 λ", lambda),
      field(
        id("batchSize"),
        "Batch size",
        batchSize,
        "Examples per step; 0: the whole training set",
      ),
      field(id("speed"), "Speed", speed),
    ),
  );
  learningRate.size = 6;
  const num = (el: HTMLInputElement | HTMLSelectElement): number | undefined =>
    el.value.trim() === "" ? undefined : Number(el.value);
  return {
    element,
    play,
    step,
    reset,
    inputs,
    features,
    read() {
      const text = hidden.value.trim();
      return {
        data: data.value,
        noise: num(noise),
        points: num(points),
        testFraction: num(testFraction),
        seed: num(seed),
        features: PLAYGROUND_FEATURES.filter((f) => features.get(f)?.checked),
        hidden:
          text === "" || text === "0"
            ? []
            : text
                .split(/[\s,]+/)
                .filter(Boolean)
                .map(Number),
        activation: activation.value,
        learningRate: num(learningRate),
        optimizer: optimizer.value,
        lambda: num(lambda),
        batchSize: num(batchSize),
        speed: num(speed),
      };
    },
    write(s) {
      data.value = s.data;
      noise.value = String(s.noise);
      points.value = String(s.points);
      testFraction.value = String(s.testFraction);
      seed.value = String(s.seed);
      for (const [f, box] of features) box.checked = s.features.includes(f);
      hidden.value = s.hidden.join(", ");
      activation.value = s.activation;
      learningRate.value = String(s.learningRate);
      optimizer.value = s.optimizer;
      lambda.value = String(s.lambda);
      batchSize.value = String(s.batchSize);
      if (!Array.from(speed.options).some((o) => o.value === String(s.speed)))
        speed.append(h("option", { value: String(s.speed) }, `${s.speed} epochs/frame`));
      speed.value = String(s.speed);
    },
  };
}
