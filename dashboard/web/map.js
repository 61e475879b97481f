/* The dashboard's map helpers, served by the app (/app/static/dashboard/map.js) after Leaflet.
 * Loaded once with the map, so the script sent on each click or toggle only calls them. */
(function () {
  "use strict";

  /* Leaflet focuses the map on a press (for its keyboard controls). When the map's frame is
   * not wholly in view (a phone, a short window), the focus made the page scroll between the
   * press and the release, so the click fell on another place than the one touched. Focus
   * without scrolling instead. */
  if (L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({preventScroll: true}); }
    };
  }

  function highlight(o) {
    return function (e) {
      var prev = window.__islandHighlighted;
      if (prev && prev.layer !== e.target) { prev.layer.setStyle(prev.style); }
      var t = e.target.options;
      window.__islandHighlighted = {layer: e.target,
        style: {color: t.color, weight: t.weight, dashArray: t.dashArray}};
      e.target.setStyle({color: o.selected, weight: 5, dashArray: null});
      if (e.target.bringToFront) { e.target.bringToFront(); }
      window.__islandClickedAt = performance.now();
      if (e.originalEvent) {
        window.__islandHighlightMs = performance.now() - e.originalEvent.timeStamp;
      }
      if (o.card) { showCard(e.target._map || window.map, e.target.feature.properties, o, e); }
    };
  }

  /* An area as the page's language writes it (o.card: its separators): one decimal under
   * 1,000, none above. */
  function formatArea(km2, c) {
    var parts = km2.toFixed(km2 < 1000 ? 1 : 0).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, "\u0000");
    return whole.split("\u0000").join(c.group) + (parts.length > 1 ? c.decimal + parts[1] : "");
  }

  function esc(text) {
    var d = document.createElement("div");
    d.textContent = text;
    return d.innerHTML;
  }

  /* The card a click on an island shows at once, in the map, from the layer's own properties
   * (names in the folder's languages, the reader's first; area measured on the server), while
   * the server's panel is on its way. Names and words (o.card, in the page's language) arrive
   * escaped. */
  function showCard(map, p, o, e) {
    if (!map) { return; }
    var state = window.__islandCard = window.__islandCard || {};
    if (!state.control) {
      state.control = L.control({position: "topleft"});
      state.control.onAdd = function () {
        var div = L.DomUtil.create("div", "island-card");
        div.setAttribute("role", "status");
        div.setAttribute("aria-live", "polite");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
    }
    if (!state.control._map) { state.control.addTo(map); }
    var names = o.card.languages.map(function (code) { return p["name_" + code]; })
      .filter(function (n) { return n; });
    var c = o.card;
    var area = typeof p.area_km2 === "number"
      ? c.area.replace("{area}", c.unit.replace("{value}", formatArea(p.area_km2, c))) : "";
    var div = state.control.getContainer();
    div.innerHTML = '<button type="button" class="island-card-close" aria-label="'
      + c.close + '">\u00d7</button><div class="island-card-name">'
      + (names[0] || "") + "</div>"
      + (names.length > 1 ? '<div class="island-card-other">' + names.slice(1).join(" · ")
         + "</div>" : "")
      + (area ? '<div class="island-card-area">' + area + "</div>" : "");
    div.querySelector("button").addEventListener("click", function () { hideCard(); });
    state.id = p.id;
    state.props = p;
    state.code = c.code;
    if (e) { state.clickedOn = e.originalEvent; }
    window.__cardShownAt = performance.now();
    if (e && e.originalEvent) {  // the click -> the card painted (the next frame)
      var at = e.originalEvent.timeStamp;
      requestAnimationFrame(function () { window.__islandCardMs = performance.now() - at; });
    }
    if (!state.watching) {
      state.watching = true;
      map.on("click", function (ev) {  // the open sea: the panel goes back to the overview
        if (ev.originalEvent !== state.clickedOn) { hideCard(); }
      });
    }
  }

  function hideCard() {
    var state = window.__islandCard;
    if (state && state.control && state.control._map) { state.control.remove(); }
    if (state) { state.id = null; }
  }

  /* A new scenario or selection from the server: the card stays with the island the server
   * selected (in the page's language, which may have changed) and goes when the selection
   * goes or moves elsewhere (the picker, the sea). */
  function syncCard(map, o) {
    var state = window.__islandCard;
    if (state && state.id && state.id !== o.self) { hideCard(); }
    else if (state && state.id && state.code !== o.card.code) {
      showCard(map, state.props, o, null);
    }
  }

  /* A box in a corner of the map that folds to its title: open where the map is wide, folded
   * where it is narrow (a phone), so it never hides the islands. Its texts arrive escaped,
   * in `o` or, for a legend with a `key`, in the words of the page's language. */
  function legend(map, o) {
    var control = L.control({position: o.position});
    control.onAdd = function (m) {
      var div = L.DomUtil.create("div", "map-legend " + (o.cls || ""));
      div.hidden = true;  // until it has words
      fillLegend(div, o.key ? words.current && words.current.legends[o.key] : o,
                 m.getSize().x >= o.openFrom);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.openFrom = o.openFrom;
    if (o.key) { words.legends[o.key] = control; }
    if (map) { control.addTo(map); }
    return control;
  }

  function fillLegend(div, texts, open) {
    if (!texts) { return; }
    div.innerHTML = "<details" + (open ? " open" : "") + "><summary>" + texts.summary
      + "</summary>"
      + (texts.title ? '<div class="map-legend-title">' + texts.title + "</div>" : "")
      + '<div role="list" aria-label="' + texts.label + '">' + texts.html + "</div></details>";
    div.hidden = false;
    followLand(div);
  }

  /* The land legend names what the map's land shows, as the picture's legend does: a
   * holder's row while some land is that holder's, the row of land changing hands while some
   * does. `shown` keeps, for each live layer (its slot), its holders and whether any of its
   * land changes hands. */
  var shown = {};

  function noteShown(slot, data) {
    var s = {holders: {}, changed: false};
    (data.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (p.group === "sea") { return; }
      if (p.holder) { s.holders[p.holder] = true; }
      if (p.changed) { s.changed = true; }
    });
    shown[slot] = s;
    Object.keys(words.legends).forEach(function (key) {
      var div = words.legends[key].getContainer();
      if (div) { followLand(div); }
    });
  }

  function followLand(div) {
    var slots = Object.keys(shown);
    if (!slots.length) { return; }  // before any land: the rows as they came
    var held = {}, changed = false;
    slots.forEach(function (slot) {
      Object.keys(shown[slot].holders).forEach(function (h) { held[h] = true; });
      changed = changed || shown[slot].changed;
    });
    Array.prototype.forEach.call(div.querySelectorAll("[data-holder]"), function (row) {
      row.hidden = !held[row.getAttribute("data-holder")];
    });
    Array.prototype.forEach.call(div.querySelectorAll("[data-changed]"), function (row) {
      row.hidden = !changed;
    });
  }

  /* The page's language. The base map is the same in every language (so that a change of
   * language keeps it mounted); its words (the frame's heading, the legend, the names of its
   * layers, the names written on it, every tooltip) come from one static file a language
   * (o.url), fetched once and kept, and are put into the map already drawn. */
  var words = {code: null, current: null, legends: {}, groups: {}, control: null, live: {}};

  function language(o) {
    if (words.code === o.code) { return; }
    words.code = o.code;
    getJSON(o.url).then(function (w) { if (words.code === o.code) { applyWords(w); } });
  }

  function applyWords(w) {
    words.current = w;
    document.documentElement.setAttribute("lang", w.code);
    var h1 = document.querySelector("h1.map-heading");
    if (h1) { h1.innerHTML = w.heading; }
    Object.keys(words.legends).forEach(function (key) {
      var div = words.legends[key].getContainer();  // undefined before it is on a map
      if (!div || !w.legends[key]) { return; }
      var control = words.legends[key], details = div.querySelector("details");
      fillLegend(div, w.legends[key], details ? details.open
                 : control._map && control._map.getSize().x >= control.openFrom);
    });
    Object.keys(words.groups).forEach(drawAnnotations);
    nameLayers();
    Object.keys(words.live).forEach(function (slot) { bindTips(words.live[slot]); });
    window.__wordsReady = w.code;
  }

  /* Tooltips of a layer's features from the words of the page's language: `tips` names the
   * layer's list there, in the order of its features (each feature's `i`). */
  function bindTips(entry) {
    var tips = words.current && words.current.tips[entry.tips];
    if (!tips) { return; }
    entry.layer.eachLayer(function (l) {
      var tip = l.feature && tips[l.feature.properties.i];
      if (tip === undefined) { return; }
      if (l.getTooltip()) { l.setTooltipContent(tip); }
      else { l.bindTooltip(tip, {sticky: true}); }
    });
  }

  /* The layers the reader can turn off (straits, places, names), named in the page's
   * language. */
  function layerControl(map, o) {
    words.control = L.control.layers(null, null, o).addTo(map);
    nameLayers();
  }

  function nameLayers() {
    var control = words.control;
    if (!control || !words.current) { return; }
    Object.keys(words.groups).forEach(function (key) {
      control.removeLayer(words.groups[key]);
      control.addOverlay(words.groups[key], words.current.layers[key] || key);
    });
  }

  /* Where a scenario's changes are: when the map comes to show another scenario (a choice,
   * a link; not a click, which keeps the scenario), it moves to frame them, unless the
   * reader's view already holds them (then their zoom stays).
   * o.fit and o.keep are [[south, west], [north, east]]. */
  function frameView(map, o) {
    if (!map || window.__framedScenario === o.id) { return; }
    window.__framedScenario = o.id;
    if (map.getBounds().contains(L.latLngBounds(o.keep))) { return; }
    map.fitBounds(L.latLngBounds(o.fit));
    window.__framedAt = performance.now();
  }

  /* What the map's frame needs to read as a document: zoom allowed (folium's page forbids
   * it), one main landmark holding the map, and a level-one heading naming it (in the words
   * of the page's language). */
  function frameDocument() {
    Array.prototype.forEach.call(document.querySelectorAll('meta[name="viewport"]'),
      function (meta) { meta.setAttribute("content", "width=device-width, initial-scale=1"); });
    var root = document.getElementById("root");
    if (root && !root.getAttribute("role")) {
      root.setAttribute("role", "main");
      var h1 = document.createElement("h1");
      h1.className = "map-heading";
      if (words.current) { h1.innerHTML = words.current.heading; }
      root.insertBefore(h1, root.firstChild);
    }
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (el !== root && el.tagName !== "SCRIPT" && !el.textContent.trim()) {
        el.setAttribute("aria-hidden", "true");
      }
    });
  }

  /* A GeoJSON layer whose data is fetched once from a static URL and kept; styled from each
   * feature's holder and `changed` flag and from the selection in `o`; its tooltips from the
   * words of the page's language (o.tips), kept as the live layer of its kind (o.slot). */
  function remoteGeoJson(parent, o) {
    function style(f) {
      var p = f.properties;
      if (p.group === "sea") { return {fillColor: o.sea, fillOpacity: 1, stroke: false}; }
      var s = {fillColor: o.colours[p.holder] || o.fallback, fillOpacity: o.fillOpacity,
               color: "#333", weight: o.weight, dashArray: null};
      if (p.changed) { s.color = o.changed; s.weight = 2; s.dashArray = "5 3"; }
      if (o.group.indexOf(p.id) >= 0) { s.color = o.selected; s.weight = 3; s.dashArray = null; }
      if (p.id === o.self) { s.color = o.selected; s.weight = 5; s.dashArray = null; }
      return s;
    }
    var onClick = highlight(o);
    if (o.card) { syncCard(parent._map || window.map, o); }
    var layer = L.geoJSON(null, {style: style, onEachFeature: function (f, l) {
      if (o.highlight && f.properties.group !== "sea") { l.on("click", onClick); }
    }});
    layer.addTo(parent);
    var entry = words.live[o.slot] = {layer: layer, tips: o.tips};
    if (o.frame) { frameView(parent._map || window.map, o.frame); }
    var cache = window.__geojsonCache = window.__geojsonCache || {};
    var ready = window.__layersReady = window.__layersReady || {};
    function load(d) {
      layer.addData(d); bindTips(entry); noteShown(o.slot, d); ready[o.url] = performance.now();
    }
    if (cache[o.url]) { load(cache[o.url]); }
    else {
      fetch(o.url).then(function (r) { return r.json(); })
        .then(function (d) { cache[o.url] = d; load(d); });
    }
    return layer;
  }

  /* Points, dashed lines or labels (the `key` part of the annotations in the words of the
   * page's language; texts arrive escaped), drawn into `parent`, again when the language
   * changes. */
  function annotations(parent, key) {
    words.groups[key] = parent;
    if (words.current) { drawAnnotations(key); }
  }

  function drawAnnotations(key) {
    var group = words.groups[key];
    var d = {points: [], lines: [], labels: []};
    d[key] = words.current.annotations[key] || [];
    group.clearLayers();
    draw(group, d);
  }

  function draw(parent, d) {
    d.points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], {radius: 3, weight: 1, color: "#222", fill: true,
        fillColor: "#fff", fillOpacity: 1}).bindTooltip(p.tip, {sticky: true}).addTo(parent);
    });
    d.lines.forEach(function (l) {
      L.polyline(l.coords, {color: "#333", weight: 1.5, dashArray: "4 4"})
        .bindTooltip(l.tip, {sticky: true}).addTo(parent);
    });
    d.labels.forEach(function (t) {
      L.marker([t.lat, t.lon], {interactive: false, keyboard: false, icon: L.divIcon({
        className: "", html: '<div class="' + t.cls + '">' + t.html + "</div>",
        iconSize: t.size, iconAnchor: t.anchor})}).addTo(parent);
    });
  }

  function getJSON(url) {
    var cache = window.__jsonCache = window.__jsonCache || {};
    if (!cache[url]) { cache[url] = fetch(url).then(function (r) { return r.json(); }); }
    return cache[url];
  }

  /* The sea under a scenario, fetched once from a static file and kept: each holder's zones
   * in its colour, lighter than land, the high seas and the median lines; with a legend of
   * its own while the layer is on. Texts arrive escaped; tooltips come from the words of the
   * page's language (o.tips). */
  function seaZones(parent, o) {
    var layer = L.geoJSON(null, {
      style: function (f) {
        var p = f.properties;
        if (p.kind === "median-line") { return {color: "#111", weight: 2, dashArray: "8 4 2 4"}; }
        if (p.kind === "high-seas") {
          return {fillColor: o.highSeas, fillOpacity: 0.6, color: "#555", weight: 1,
                  dashArray: "2 4"};
        }
        return {fillColor: o.colours[p.holder] || o.fallback, stroke: false,
                fillOpacity: p.kind === "territorial-sea" ? 0.45 : 0.22};
      }
    });
    layer.addTo(parent);
    var entry = words.live.sea = {layer: layer, tips: o.tips};
    getJSON(o.url).then(function (d) {
      layer.addData(d);
      bindTips(entry);
      var ready = window.__layersReady = window.__layersReady || {};
      ready[o.url] = performance.now();
    });
    var key = legend(null, o.legend);
    parent.on("add", function () { key.addTo(parent._map); });
    parent.on("remove", function () { key.remove(); });
    if (parent._map) { key.addTo(parent._map); }
    return layer;
  }

  window.DisputeMap = {remoteGeoJson: remoteGeoJson, annotations: annotations,
                       seaZones: seaZones, legend: legend, frameDocument: frameDocument,
                       language: language, layerControl: layerControl};
})();
