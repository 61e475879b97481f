/* The dashboard's map helpers, served by the app (/app/static/dashboard/map.js) after Leaflet.
 * Loaded once with the map, so the script sent on each click or toggle only calls them. */
(function () {
  "use strict";

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
    };
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
    var layer = L.geoJSON(null, {style: style, onEachFeature: function (f, l) {
      l.bindTooltip(f.properties.tip, {sticky: true});
      if (o.highlight && f.properties.group !== "sea") { l.on("click", onClick); }
    }});
    layer.addTo(parent);
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
    var map = parent._map || parent;
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend sea-legend");
      div.setAttribute("role", "list");
      div.setAttribute("aria-label", o.legendLabel);
      div.innerHTML = o.legendHtml;
      return div;
    };
    parent.on("add", function () { legend.addTo(parent._map); });
    parent.on("remove", function () { legend.remove(); });
    if (parent._map) { legend.addTo(parent._map); }
    return layer;
  }

  window.DisputeMap = {remoteGeoJson: remoteGeoJson, annotations: annotations,
                       seaZones: seaZones};
})();
