// The sigmoid explorer: a slider and a number box for x, the values of sigma(x) and
// sigma'(x), their points on the two curves, the tangent at x, the saturation regions
// (sigma' < 0.01) and where sigma rounds to exactly 1 in float64 or float32.
// Plain JavaScript and SVG. Thresholds come from sigmoid_core through data attributes;
// the formulas below are the core's, so the numbers agree with it.
(() => {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  // The plot is drawn at the width it is shown at (1 SVG unit = 1 CSS px), so its 15 px
  // text stays 15 px on a phone instead of shrinking with a fixed drawing.
  const MARGIN = { left: 52, right: 16, top: 16, bottom: 44 };
  const plotSize = (width) => ({ width, height: width < 480 ? 280 : 360 });

  // sigma(x) = b - b*q with e = exp(-|x|), q = e/(1+e), b = 1 or e: as sigmoid_core.
  function sigmoid(x) {
    const e = Math.exp(-Math.abs(x));
    const q = e / (1 + e);
    const b = x >= 0 ? 1 : e;
    return b - b * q;
  }

  // sigma'(x) = e/(1 + e(2 + e)): full relative precision in both tails, as sigmoid_core.
  function slope(x) {
    const e = Math.exp(-Math.abs(x));
    return e / (1 + e * (2 + e));
  }

  // Like Python's format(value, ".6g"), so the page shows what the core would print.
  function formatG(value, digits = 6) {
    if (!Number.isFinite(value)) return String(value);
    if (value === 0) return Object.is(value, -0) ? "-0" : "0";
    const [mantissa, exponentText] = value.toExponential(digits - 1).split("e");
    const exponent = Number(exponentText);
    const strip = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
    if (exponent < -4 || exponent >= digits) {
      const sign = exponent < 0 ? "-" : "+";
      return `${strip(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
    }
    return strip(value.toFixed(Math.max(0, digits - 1 - exponent)));
  }

  function element(name, attributes = {}, parent = null) {
    const node = document.createElementNS(SVG, name);
    for (const [key, val] of Object.entries(attributes)) node.setAttribute(key, val);
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [key, val] of Object.entries(attributes)) node.setAttribute(key, val);
    if (text) node.textContent = text;
    return node;
  }

  function build(root) {
    const thresholds = {
      float64: Number(root.dataset.float64One),
      float32: Number(root.dataset.float32One),
    };
    const saturation = Number(root.dataset.saturation);
    const id = root.id || "explorer";

    const controls = html("div", { class: "explorer-controls" });
    const sliderLabel = html("label", { for: `${id}-slider` }, "x");
    const slider = html("input", {
      type: "range", id: `${id}-slider`, min: "-40", max: "40", step: "0.1", value: "1",
    });
    const numberLabel = html("label", { for: `${id}-number` }, "x =");
    const number = html("input", {
      type: "number", id: `${id}-number`, min: "-1000", max: "1000", step: "any", value: "1",
      inputmode: "decimal", "aria-describedby": `${id}-number-message`,
    });
    const message = html("p", { id: `${id}-number-message`, class: "explorer-message",
      role: "status" });
    message.hidden = true;
    const precision = html("fieldset", { class: "explorer-precision" });
    precision.appendChild(html("legend", {}, "Precision"));
    for (const type of ["float64", "float32"]) {
      const label = html("label");
      const radio = html("input", { type: "radio", name: `${id}-precision`, value: type });
      if (type === "float64") radio.checked = true;
      label.append(radio, ` ${type}`);
      precision.appendChild(label);
    }
    controls.append(sliderLabel, slider, numberLabel, number, precision, message);

    const svg = element("svg", {
      role: "img", class: "explorer-plot", "aria-labelledby": `${id}-plot-title`,
    });
    const title = element("title", { id: `${id}-plot-title` }, svg);
    const clip = element("clipPath", { id: `${id}-plot-area` }, element("defs", {}, svg));
    const clipArea = element("rect", { x: MARGIN.left, y: MARGIN.top }, clip);
    let size = plotSize(640);
    const resize = (width) => {
      size = plotSize(width);
      svg.setAttribute("viewBox", `0 0 ${size.width} ${size.height}`);
      clipArea.setAttribute("width", size.width - MARGIN.left - MARGIN.right);
      clipArea.setAttribute("height", size.height - MARGIN.top - MARGIN.bottom);
    };
    const layers = {};
    for (const name of ["shade", "grid", "axes", "curves", "marks"]) {
      const clipped = name === "curves" || name === "marks";
      layers[name] = element("g", clipped
        ? { class: `explorer-${name}`, "clip-path": `url(#${id}-plot-area)` }
        : { class: `explorer-${name}` }, svg);
    }

    const readout = html("dl", { class: "explorer-readout", "aria-live": "polite" });
    const outputs = {};
    for (const [key, label] of [
      ["sigma", "σ(x)"], ["slope", "σ′(x)"], ["tangent", "tangent at x"],
      ["rounds", "σ(x) is exactly 1 from x ="],
    ]) {
      readout.appendChild(html("dt", {}, label));
      outputs[key] = readout.appendChild(html("dd", { "data-output": key }));
    }

    root.append(controls, svg, readout);
    root.classList.add("is-interactive");

    function draw(x, type) {
      const { width: WIDTH, height: HEIGHT } = size;
      const round = type === "float32" ? Math.fround : (v) => v;
      const xr = round(x);
      const s = round(sigmoid(xr));
      const d = round(slope(xr));
      const limit = type === "float32" ? 20 : 40;
      slider.min = String(-limit);
      slider.max = String(limit);
      const sx = (v) => MARGIN.left + ((v + limit) / (2 * limit)) * (WIDTH - MARGIN.left - MARGIN.right);
      const sy = (v) => HEIGHT - MARGIN.bottom - v * (HEIGHT - MARGIN.top - MARGIN.bottom);
      for (const layer of Object.values(layers)) layer.replaceChildren();

      // Saturation regions where sigma' < 0.01, and the region where sigma is exactly 1.
      for (const [from, to] of [[-limit, -saturation], [saturation, limit]]) {
        element("rect", { x: sx(from), y: MARGIN.top, width: sx(to) - sx(from),
          height: HEIGHT - MARGIN.top - MARGIN.bottom, class: "explorer-saturated" }, layers.shade);
      }
      const one = thresholds[type];
      element("line", { x1: sx(one), x2: sx(one), y1: MARGIN.top, y2: sy(0), class: "explorer-one" },
        layers.marks);
      // At mid height: near the threshold sigma is close to 1 and sigma' close to 0.
      element("text", { x: sx(one) - 4, y: sy(0.5) + 4, "text-anchor": "end",
        class: "explorer-label" }, layers.marks).textContent =
        WIDTH < 480 ? "σ = 1 →" : `σ = 1 in ${type} →`;  // short on a phone: clear of σ

      for (const v of [0, 0.25, 0.5, 0.75, 1]) {
        element("line", { x1: sx(-limit), x2: sx(limit), y1: sy(v), y2: sy(v) }, layers.grid);
        element("text", { x: MARGIN.left - 6, y: sy(v) + 4, "text-anchor": "end" }, layers.axes)
          .textContent = String(v);
      }
      for (let t = -limit; t <= limit; t += WIDTH < 480 ? limit / 2 : limit / 4) {
        element("text", { x: sx(t), y: HEIGHT - MARGIN.bottom + 18, "text-anchor": "middle" },
          layers.axes).textContent = String(t);
      }
      element("text", { x: (sx(-limit) + sx(limit)) / 2, y: HEIGHT - 4, "text-anchor": "middle" },
        layers.axes).textContent = "x";

      const curve = (f) => {
        const points = [];
        for (let i = 0; i <= 400; i += 1) {
          const t = -limit + (2 * limit * i) / 400;
          points.push(`${sx(t).toFixed(1)},${sy(f(t)).toFixed(1)}`);
        }
        return points.join(" ");
      };
      element("polyline", { points: curve(sigmoid), class: "explorer-sigma" }, layers.curves);
      element("polyline", { points: curve(slope), class: "explorer-slope" }, layers.curves);

      outputs.rounds.textContent = `${formatG(one)} (${type})`;
      if (x === null) {  // nothing valid to show: no point, no values left over
        for (const key of ["sigma", "slope", "tangent"]) outputs[key].textContent = "—";
        title.textContent = `Sigmoid and its derivative for x from ${-limit} to ${limit}.`;
        return;
      }
      const shown = Math.max(-limit, Math.min(limit, xr));
      const span = limit / 8;
      element("line", {
        x1: sx(shown - span), y1: sy(s - d * span), x2: sx(shown + span), y2: sy(s + d * span),
        class: "explorer-tangent",
      }, layers.marks);
      element("circle", { cx: sx(shown), cy: sy(s), r: 5, class: "explorer-point-sigma" }, layers.marks);
      element("circle", { cx: sx(shown), cy: sy(d), r: 5, class: "explorer-point-slope" }, layers.marks);

      outputs.sigma.textContent = formatG(s);
      outputs.slope.textContent = formatG(d);
      const shift = xr < 0 ? `t + ${formatG(-xr)}` : `t − ${formatG(xr)}`;
      outputs.tangent.textContent = `y = ${formatG(s)} + ${formatG(d)}·(${shift})`;
      title.textContent = `Sigmoid and its derivative for x from ${-limit} to ${limit}, with the ` +
        `point x = ${formatG(xr)}: sigma(x) = ${formatG(s)}, sigma'(x) = ${formatG(d)}.`;
    }

    const state = () => ({
      x: Number(number.value),
      type: root.querySelector(`input[name="${id}-precision"]:checked`).value,
    });
    // A number the box accepts: finite and within its stated range; "" is not 0.
    const valid = () => number.value.trim() !== "" && Number.isFinite(Number(number.value))
      && Math.abs(Number(number.value)) <= 1000;
    const update = () => {
      const { x, type } = state();
      const ok = valid();
      message.hidden = ok;
      message.textContent = ok ? "" : "Enter a number between −1000 and 1000.";
      if (ok) number.removeAttribute("aria-invalid");
      else number.setAttribute("aria-invalid", "true");
      draw(ok ? x : null, type);
    };
    slider.addEventListener("input", () => {
      number.value = slider.value;
      update();
    });
    number.addEventListener("input", () => {
      if (valid()) slider.value = number.value;
      update();
    });
    precision.addEventListener("change", update);
    resize(Math.max(240, Math.round(root.getBoundingClientRect().width)));
    update();
    // Redrawn when the page's column changes width (a rotated phone, a resized window).
    new ResizeObserver(() => {
      const width = Math.max(240, Math.round(svg.getBoundingClientRect().width));
      if (width !== size.width) {
        resize(width);
        update();
      }
    }).observe(root);
  }

  function initialise() {
    for (const root of document.querySelectorAll(".sigmoid-explorer:not(.is-interactive)")) {
      build(root);
    }
  }

  // mkdocs-material's document$ emits once the page is ready (and again for each page it
  // swaps in, should instant navigation be turned on). Without the theme's bundle, the
  // load event.
  if (typeof document$ !== "undefined") {
    document$.subscribe(initialise);
  } else {
    document.addEventListener("DOMContentLoaded", initialise);
  }
})();
