/**
 * Interactive charts in the notebook with plotly.js, offline: everything about charts from one module,
 * `import { plotLines, show } from "lr2nn/plot"` (or from "lr2nn").
 *
 * It gathers five modules, each of one concern:
 * - `chart`: how a figure reaches the screen — one output per chart with plotly's JSON and HTML that loads
 *   plotly.js from the Jupyter server, values packed as base64 float32; `show(figure)`, `plot(data, layout)`;
 * - `figures`: figures from functions and arrays — curves, line series, heatmaps, bars — and the helpers'
 *   shared options;
 * - `surfaces`: functions of two and three variables — contour lines, 3-D surfaces, level surfaces
 *   (isosurfaces);
 * - `plane`: 2-D data by class, planeGrid, a classifier's probability map and decision boundary, grids of charts;
 * - `network-view`: a small network drawn as TensorFlow Playground draws it, each unit over the plane.
 *
 * The `*Figure` functions build a figure (plain data: traces and layout, plotly's own types); the `plot*`
 * functions build and show it. This module sits at the edge: the math modules never import it.
 */
export * from "./chart";
export * from "./figures";
export * from "./surfaces";
export * from "./plane";
export * from "./network-view";
