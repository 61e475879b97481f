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

  /* Numbers as the page writes them: one decimal under 1,000, none above, with separators. */
  function formatArea(km2) {
    var digits = km2 < 1000 ? 1 : 0;
    return km2.toLocaleString("en-US", {minimumFractionDigits: digits,
                                        maximumFractionDigits: digits});
  }

  function esc(text) {
    var d = document.createElement("div");
    d.textContent = text;
    return d.innerHTML;
  }

  /* The card a click on an island shows at once, in the map, from the layer's own properties
   * (names in the folder's languages, area measured on the server), while the server's panel
   * is on its way. Names arrive escaped; the words come from the page's strings (o.card). */
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
    var names = o.card.languages.map(function (c) { return p["name_" + c]; })
      .filter(function (n) { return n; });
    var area = typeof p.area_km2 === "number"
      ? formatArea(p.area_km2) + " " + esc(o.card.unit) + " " + esc(o.card.measured) : "";
    var div = state.control.getContainer();
    div.innerHTML = '<button type="button" class="island-card-close" aria-label="'
      + esc(o.card.close) + '">\u00d7</button><div class="island-card-name">'
      + (names[0] || "") + "</div>"
      + (names.length > 1 ? '<div class="island-card-other">' + names.slice(1).join(" · ")
         + "</div>" : "")
      + (area ? '<div class="island-card-area">' + area + "</div>" : "");
    div.querySelector("button").addEventListener("click", function () { hideCard(); });
    state.id = p.id;
    state.clickedOn = e && e.originalEvent;
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
   * selected and goes when the selection goes or moves elsewhere (the picker, the sea). */
  function syncCard(o) {
    var state = window.__islandCard;
    if (state && state.id && state.id !== o.self) { hideCard(); }
  }

  /* A box in a corner of the map that folds to its title: open where the map is wide, folded
   * where it is narrow (a phone), so it never hides the islands. Texts arrive escaped. */
  function legend(map, o) {
    var control = L.control({position: o.position});
    control.onAdd = function (m) {
      var div = L.DomUtil.create("div", "map-legend " + (o.cls || ""));
      var open = m.getSize().x >= o.openFrom ? " open" : "";
      div.innerHTML = "<details" + open + "><summary>" + o.summary + "</summary>"
        + (o.title ? '<div class="map-legend-title">' + o.title + "</div>" : "")
        + '<div role="list" aria-label="' + o.label + '">' + o.html + "</div></details>";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    if (map) { control.addTo(map); }
    return control;
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
   * it), one main landmark holding the map, and a level-one heading naming it. */
  function frameDocument(o) {
    Array.prototype.forEach.call(document.querySelectorAll('meta[name="viewport"]'),
      function (meta) { meta.setAttribute("content", "width=device-width, initial-scale=1"); });
    var root = document.getElementById("root");
    if (root && !root.getAttribute("role")) {
      root.setAttribute("role", "main");
      var h1 = document.createElement("h1");
      h1.className = "map-heading";
      h1.textContent = o.heading;
      root.insertBefore(h1, root.firstChild);
    }
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (el !== root && el.tagName !== "SCRIPT" && !el.textContent.trim()) {
        el.setAttribute("aria-hidden", "true");
      }
    });
  }

  /* A GeoJSON layer whose data is fetched once from a static URL and kept; styled from each
   * feature's holder and `changed` flag and from the selection in `o`. */
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
    if (o.card) { syncCard(o); }
    var layer = L.geoJSON(null, {style: style, onEachFeature: function (f, l) {
      l.bindTooltip(f.properties.tip, {sticky: true});
      if (o.highlight && f.properties.group !== "sea") { l.on("click", onClick); }
    }});
    layer.addTo(parent);
    if (o.frame) { frameView(parent._map || window.map, o.frame); }
    var cache = window.__geojsonCache = window.__geojsonCache || {};
    var ready = window.__layersReady = window.__layersReady || {};
    function load(d) { layer.addData(d); ready[o.url] = performance.now(); }
    if (cache[o.url]) { load(cache[o.url]); }
    else {
      fetch(o.url).then(function (r) { return r.json(); })
        .then(function (d) { cache[o.url] = d; load(d); });
    }
    return layer;
  }

  /* Points, dashed lines or labels (texts arrive escaped), the `key` part of a static JSON
   * file fetched once, drawn into `parent`. */
  function annotations(parent, url, key) {
    var cache = window.__annotationCache = window.__annotationCache || {};
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) { return r.json(); });
    }
    cache[url].then(function (all) {
      var d = {points: [], lines: [], labels: []};
      d[key] = all[key] || [];
      draw(parent, d);
    });
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
   * its own while the layer is on. Texts arrive escaped. */
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
      },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.tip, {sticky: true}); }
    });
    layer.addTo(parent);
    getJSON(o.url).then(function (d) {
      layer.addData(d);
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
                       seaZones: seaZones, legend: legend, frameDocument: frameDocument};
})();
