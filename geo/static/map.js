/* forum-map page code: draws one shared country geometry, switches layer styles, tooltips, legend, search.
   Every string it puts into the page as HTML was escaped when the page was built; names it shows otherwise are
   set as text. Inlined into each map by geo/render.py, loaded from nowhere.
   It uses no element ids: the title, search box, legends and layer switcher of a map (geo/render.py's
   chrome_html) are found by class in the element that holds the map's own element, so that several maps can
   share a page, each in its own container. */
var forumMapCount = 0;

/* Equal Earth (EPSG:8857, WGS 84), the projection of the PNG pictures, as a Leaflet CRS: the published formulas
   of Šavrič, Patterson & Jenny (2018), on the ellipsoid through the authalic latitude as PROJ does, so that a
   point lands where pyproj puts it (tests/browser/test_projection.py). Inverse: Newton's method on y, then the
   authalic-to-geodetic series. The world's equator is 256 pixels wide at zoom 0, as in Leaflet's Web Mercator.
   Defined only where Leaflet is already loaded (a page that brings its own Leaflet later keeps its own CRS). */
function forumMapEqualEarth(L) {
  "use strict";
  var A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2, D = Math.PI / 180;
  var a = 6378137, f = 1 / 298.257223563, es = f * (2 - f), e = Math.sqrt(es);
  function q(s) {  // Snyder's q, the authalic function of sin(latitude)
    return (1 - es) * (s / (1 - es * s * s) - Math.log((1 - e * s) / (1 + e * s)) / (2 * e));
  }
  var qp = q(1), R = a * Math.sqrt(qp / 2);  // the authalic sphere's radius
  var e4 = es * es, e6 = e4 * es;  // series for the geodetic latitude from the authalic one
  var C2 = es / 3 + (31 * e4) / 180 + (517 * e6) / 5040, C4 = (23 * e4) / 360 + (251 * e6) / 3780;
  var C6 = (761 * e6) / 45360;
  function yOf(t, t2, t6) {
    return t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  }
  function slope(t2, t6) {  // dy/dt, also the denominator of x
    return A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2);
  }
  var TMAX = Math.asin(M), XMAX = (R * Math.PI) / (M * A1), YMAX = R * yOf(TMAX, TMAX * TMAX, Math.pow(TMAX, 6));
  var projection = {
    bounds: L.bounds([-XMAX, -YMAX], [XMAX, YMAX]),
    project: function (latlng) {
      var s = Math.max(-1, Math.min(1, q(Math.sin(latlng.lat * D)) / qp));
      var t = Math.asin(M * s), t2 = t * t, t6 = t2 * t2 * t2;
      return new L.Point((R * latlng.lng * D * Math.cos(t)) / (M * slope(t2, t6)), R * yOf(t, t2, t6));
    },
    unproject: function (point) {
      var y = Math.max(-YMAX, Math.min(YMAX, point.y)) / R, t = y / A1, t2, t6;
      for (var i = 0; i < 20; i++) {
        t2 = t * t;
        t6 = t2 * t2 * t2;
        var step = (yOf(t, t2, t6) - y) / slope(t2, t6);
        t -= step;
        if (Math.abs(step) < 1e-12) break;
      }
      t = Math.max(-TMAX, Math.min(TMAX, t));
      t2 = t * t;
      t6 = t2 * t2 * t2;
      var beta = Math.asin(Math.max(-1, Math.min(1, Math.sin(t) / M)));
      var lat = beta + C2 * Math.sin(2 * beta) + C4 * Math.sin(4 * beta) + C6 * Math.sin(6 * beta);
      return new L.LatLng(lat / D, (point.x * M * slope(t2, t6)) / (R * Math.cos(t) * D));
    },
  };
  var k = 0.5 / XMAX;
  // No wrapLng: the world is drawn once, from 180° W to 180° E, and Chukotka sits on the right edge.
  return L.extend({}, L.CRS.Earth, {
    code: "EPSG:8857",
    projection: projection,
    transformation: new L.Transformation(k, 0.5, -k, 0.5),
    wrapLng: null,
    infinite: false,
  });
}
if (typeof L !== "undefined") L.CRS.EqualEarth = forumMapEqualEarth(L);

function forumMap(map, FM) {
  "use strict";
  var started = performance.now();
  var root = map.getContainer().parentNode;
  var topo = FM.topology, sx = topo.scale[0], sy = topo.scale[1], tx = topo.translate[0], ty = topo.translate[1];

  // Arcs: delta-encoded integer pairs, each written with the polyline algorithm (zigzag, 5-bit groups + 63).
  var arcs = topo.arcs.map(function (text) {
    var points = [], i = 0, x = 0, y = 0;
    while (i < text.length) {
      var pair = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, result = 0, byte;
        do {
          byte = text.charCodeAt(i++) - 63;
          result |= (byte & 31) << shift;
          shift += 5;
        } while (byte >= 32);
        pair[k] = result & 1 ? ~(result >> 1) : result >> 1;
      }
      x += pair[0];
      y += pair[1];
      points.push([y * sy + ty, x * sx + tx]);
    }
    return points;
  });

  function ring(indices) {
    var out = [];
    indices.forEach(function (index, n) {
      var arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      out = out.concat(n ? arc.slice(1) : arc);
    });
    return out;
  }

  // Countries placed to a tenth of a pixel: Leaflet rounds a shape's points to whole pixels, which at a phone's
  // world view flattens a state a few pixels across (Israel, Belgium) into a line no pointer can find.
  var Country = L.Polygon.extend({
    _projectLatlngs: function (latlngs, result, projectedBounds) {
      if (!(latlngs[0] instanceof L.LatLng)) {
        for (var i = 0; i < latlngs.length; i++) this._projectLatlngs(latlngs[i], result, projectedBounds);
        return;
      }
      var map = this._map, origin = map.getPixelOrigin(), ring = [];
      for (var k = 0; k < latlngs.length; k++) {
        var point = map.project(latlngs[k])._subtract(origin);
        point.x = Math.round(point.x * 10) / 10;
        point.y = Math.round(point.y * 10) / 10;
        projectedBounds.extend(point);
        ring.push(point);
      }
      result.push(ring);
    },
  });

  var layers = FM.layers, current = 0, opened = null;
  var renderer = L.svg({ padding: 0.5 });
  var entries = [];
  root.classList.add("fm-root");
  map.getContainer().setAttribute("role", "main");
  map.getContainer().setAttribute("aria-label", "Map: " + (root.querySelector(".fm-title h1") || {}).textContent);

  // Tooltips in a pane of the map's element rather than of the moving map pane, so that they can stack above
  // the page's boxes; it follows the map pane as the map moves.
  var tips = map.createPane("fm-tips", map.getContainer());
  tips.classList.add("fm-tips");
  function syncTips() {
    L.DomUtil.setPosition(tips, L.DomUtil.getPosition(map.getPane("mapPane")));
  }
  map.on("move zoom viewreset zoomend moveend resize", syncTips);

  // The world framed to the window's width, zoom bounded, panning held to the world. An Equal Earth map draws
  // the world as the PNG does, an outline filled with the ocean, and leaves Antarctica out unless the page asks
  // for it (FM.antarctica): the frame then stops at 60° S. A Web Mercator map (under an online basemap, or a
  // reader's own map) keeps its ocean background and stops at 56° S and 83° N.
  var equal = !!map.options.crs && map.options.crs.code === "EPSG:8857";
  var NORTH = equal ? 90 : 83, SOUTH = FM.antarctica ? (equal ? -90 : -85) : equal ? -60 : -56, framed = true;
  map.options.zoomSnap = 0;  // the world view is exactly the window's width, and the farthest out
  map.options.maxBoundsViscosity = 0.8;
  // The world's frame in pixels at zoom 0: the land's width (in Equal Earth the equator's tips are ocean) by
  // the height from NORTH to SOUTH.
  var used = [], west = Infinity, east = -Infinity;
  FM.countries.forEach(function (c) {
    c.polygons.forEach(function (polygon) {
      polygon.forEach(function (indices) {
        indices.forEach(function (index) {
          used[index < 0 ? ~index : index] = true;
        });
      });
    });
  });
  used.forEach(function (_, index) {
    arcs[index].forEach(function (point) {
      if (Math.abs(point[1]) < 150) return;  // the land's ends are near the antimeridian: project only there
      var x = map.project(point, 0).x;
      west = Math.min(west, x);
      east = Math.max(east, x);
    });
  });
  if (!(west < east)) {
    west = map.project([0, -180], 0).x;
    east = map.project([0, 180], 0).x;
  }
  var world = L.bounds([west, map.project([NORTH, 0], 0).y], [east, map.project([SOUTH, 0], 0).y]);
  function worldZoom() {  // the zoom at which the land spans the window
    return Math.log(map.getSize().x / world.getSize().x) / Math.LN2;
  }
  // Bounds holding a box of pixels at zoom 0, each corner the box's own. Leaflet projects some corners of a
  // bounds to fit or hold a view (south-west and north-east) and others while dragging (north-west and
  // south-east); in Equal Earth a bounds of latitudes and longitudes is no rectangle (meridians curve), so each
  // corner is given as the point it must project to.
  function pixelBounds(box) {
    var corner = function (x, y) {
      return map.unproject([x, y], 0);
    };
    var sw = corner(box.min.x, box.max.y), ne = corner(box.max.x, box.min.y);
    var nw = corner(box.min.x, box.min.y), se = corner(box.max.x, box.max.y);
    return L.extend(L.latLngBounds(sw, ne), {
      getSouthWest: function () { return sw; },
      getNorthEast: function () { return ne; },
      getNorthWest: function () { return nw; },
      getSouthEast: function () { return se; },
    });
  }
  function frame() {
    var zoom = worldZoom();
    map.options.minZoom = zoom;
    map.setView(map.unproject(world.getCenter(), 0), zoom, { animate: false });
    map.setMinZoom(zoom);
    // A window taller than the frame (a phone) keeps it in the middle.
    map.setMaxBounds(pixelBounds(world));
    framed = true;
  }
  map.setMaxZoom(7);
  if (equal) {
    var edge = [], lat;  // the meridians of 180° W and E, a degree apart (they curve), closed by the poles' line
    for (lat = SOUTH; lat <= 90; lat += 1) edge.push([lat, -180]);
    for (lat = 90; lat >= SOUTH; lat -= 1) edge.push([lat, 180]);
    L.polygon(edge, {
      renderer: renderer,
      className: "fm-globe",
      interactive: false,
      color: "#9fb3c8",
      weight: 1,
      fillOpacity: 1,
    }).addTo(map).getElement().setAttribute("aria-hidden", "true");
    map.getContainer().classList.add("fm-equal-earth");
  }
  frame();
  map.on("movestart zoomstart", function () {
    framed = false;
  });
  map.on("resize", function () {
    if (framed) frame();
    else map.setMinZoom(worldZoom());
  });

  function tip(entry) {
    return function () {
      return layers[current].values[entry.iso].tip;
    };
  }

  function styleOf(entry, marker) {
    var layer = layers[current];
    var color = layer.colors[layer.values[entry.iso].color];
    var noData = color === FM.noDataColor;
    if (marker) {
      return { radius: 4, fillColor: color, fillOpacity: 1, color: "#222", weight: 1, dashArray: null };
    }
    return {
      fillColor: color,
      fillOpacity: FM.fillOpacity,
      color: noData ? "#8a8a8a" : "#555",
      weight: 0.5,
      dashArray: noData ? "2 3" : null,
    };
  }

  function restyle() {
    entries.forEach(function (entry) {
      entry.shapes.forEach(function (shape) {
        shape.setStyle(styleOf(entry, shape instanceof L.CircleMarker));
      });
    });
  }

  function draw(entry, shape) {
    shape.bindTooltip(tip(entry), { sticky: true, className: "fm-tooltip", direction: "auto", pane: "fm-tips" });
    shape.on("mouseover", function () {
      shape.setStyle({ weight: 2, color: "#000" });
    });
    shape.on("mouseout", function () {
      shape.setStyle(styleOf(entry, shape instanceof L.CircleMarker));
    });
    shape.addTo(map);
    // One Tab stop for the whole map (its element), not one per country: the country list moves between them.
    shape.getElement().setAttribute("tabindex", "-1");
    shape.getElement().setAttribute("aria-hidden", "true");
    entry.shapes.push(shape);
  }

  FM.countries.forEach(function (c) {
    var at = [c.anchor[1], c.anchor[0]];
    var entry = { iso: c.iso3, name: c.name, other: c.other, at: at, box: c.box, shapes: [] };
    if (c.polygons.length) {
      var polygons = c.polygons.map(function (polygon) {
        return polygon.map(ring);
      });
      var style = styleOf(entry, false);
      var options = Object.assign({ renderer: renderer, className: "fm-country fm-" + entry.iso }, style);
      draw(entry, new Country(polygons, options));
    }
    entries.push(entry);
  });
  // Disputed areas (data/boundaries/SOURCE.md) hatched over the countries: each shows the tooltip of the country
  // whose colour it carries, with its note; an area of no country is hatched over the no-data colour.
  var hatch = "fm-hatch-" + (forumMapCount + 1);  // numbered as this map's datalist is, below
  function svgNode(name, attributes) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }
  function addHatches(svg) {
    var defs = svgNode("defs", {});
    [["", ""], ["-none", FM.noDataColor]].forEach(function (kind) {
      var pattern = svgNode("pattern", {
        id: hatch + kind[0], class: "fm-hatch", patternUnits: "userSpaceOnUse", width: 6, height: 6,
        patternTransform: "rotate(45)",
      });
      if (kind[1]) pattern.appendChild(svgNode("rect", { width: 6, height: 6, fill: kind[1] }));
      pattern.appendChild(svgNode("path", { d: "M0 0V6", stroke: "#333", "stroke-width": 1.2, "stroke-opacity": 0.7 }));
      defs.appendChild(pattern);
    });
    svg.insertBefore(defs, svg.firstChild);
  }
  (FM.disputed || []).forEach(function (area, n) {
    var style = {
      fillColor: "url(#" + hatch + (area.country ? "" : "-none") + ")",
      fillOpacity: 1, color: "#333", weight: 0.8, dashArray: "3 2",
    };
    var shape = L.polygon(area.polygons, Object.assign({ renderer: renderer, className: "fm-disputed" }, style));
    shape.bindTooltip(function () {
      var value = area.country && layers[current].values[area.country];
      return (value ? value.tip : "") + area.note;
    }, { sticky: true, className: "fm-tooltip", direction: "auto", pane: "fm-tips" });
    shape.on("mouseover", function () { shape.setStyle({ weight: 2, color: "#000" }); });
    shape.on("mouseout", function () { shape.setStyle(style); });
    shape.addTo(map);
    if (!n) addHatches(shape.getElement().ownerSVGElement);
    shape.getElement().setAttribute("tabindex", "-1");
    shape.getElement().setAttribute("aria-hidden", "true");
  });
  // Markers after every shape, so that they stay on top. A marker is shown only where its state's own shape is
  // too small to see and where its circle stays clear of any larger country's land (or, for an enclave, once
  // the reader has zoomed in well past the world view): at the world view it never covers a neighbour.
  var RADIUS = 4, tiny = [];
  FM.countries.forEach(function (c, n) {
    if (c.tiny) {
      var entry = entries[n];
      var options = Object.assign({ renderer: renderer, className: "fm-tiny fm-" + c.iso3 }, styleOf(entry, true));
      entry.clear = (c.clear || {})[map.options.crs.code] || 0;  // none for this projection: wait for zoom
      entry.drawn = c.polygons.length > 0;
      draw(entry, L.circleMarker(entry.at, options));
      tiny.push(entry);
    }
  });
  function markerShown(entry, zoom) {
    var box = entry.box, middle = (box[1] + box[3]) / 2;
    var wide = map.project([middle, box[2]], zoom).x - map.project([middle, box[0]], zoom).x;
    if (entry.drawn && wide >= 3 * RADIUS) return false;
    return entry.clear * Math.pow(2, zoom) >= RADIUS + 2 || zoom >= worldZoom() + 1.5;
  }
  function placeMarkers() {
    var zoom = map.getZoom();
    tiny.forEach(function (entry) {
      var marker = entry.shapes[entry.shapes.length - 1], element = marker.getElement();
      var shown = markerShown(entry, zoom);
      if (element) element.classList.toggle("fm-off", !shown);
      entry.open = shown ? marker : entry.shapes[0];
    });
  }
  placeMarkers();
  map.on("zoomend", placeMarkers);

  // Layer switcher: one geometry, styles and legends switched.
  root.querySelectorAll("input[name=fm-layer]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      current = Number(radio.value);
      if (opened) opened.closeTooltip();
      root.querySelectorAll(".fm-legend").forEach(function (legend) {
        legend.hidden = legend.getAttribute("data-layer") !== radio.value;
      });
      restyle();
    });
  });

  // Find a country by any name `forum-map resolve` takes (names, short and former names, demonyms, capitals:
  // FM.search, from the gazetteer), by ISO code, or by the start of its name; a name two countries share
  // (Congo, Korea) offers both.
  var S = FM.search || { keys: {}, shared: {}, words: {}, fillers: [] };
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function nameKey(text) {  // geo/gazetteer.py's name_key
    var key = fold(text).replace(/[\u2019\u02bb]/g, "'").replace(/&/g, " and ");
    key = key.replace(/(?<=\b\w)\.(?=\w\b|\s|$)/g, "").replace(/'s/g, "s").replace(/'/g, " ").replace(/\./g, " ");
    key = (" " + key + " ").replace(/ people s /g, " peoples ");
    return key.split(/[^0-9a-z]+/).filter(Boolean).map(function (word) {
      return S.words[word] || word;
    }).filter(function (word) {
      return S.fillers.indexOf(word) < 0;
    }).join(" ");
  }
  var byKey = {}, byIso = {};
  entries.forEach(function (entry) {
    byIso[entry.iso] = entry;
    [entry.iso, entry.name, entry.other].forEach(function (key) {
      if (key && !byKey[fold(key)]) byKey[fold(key)] = entry;
    });
  });
  var byName = {};
  Object.keys(S.keys).forEach(function (iso) {
    S.keys[iso].forEach(function (key) {
      if (byIso[iso]) byName[key] = byIso[iso];
    });
  });
  function find(query) {  // a list of the countries the query may mean
    var q = fold(query), key = nameKey(query);
    if (!q) return [];
    if (S.shared[key]) {
      return S.shared[key].map(function (iso) { return byIso[iso]; }).filter(Boolean);
    }
    if (byName[key]) return [byName[key]];
    if (byKey[q]) return [byKey[q]];
    var starts = entries.filter(function (e) { return fold(e.name).indexOf(q) === 0; });
    if (starts.length) return [starts[0]];
    var within = entries.filter(function (e) { return fold(e.name).indexOf(q) >= 0 || fold(e.other).indexOf(q) >= 0; });
    return within.length ? [within[0]] : [];
  }
  var form = root.querySelector(".fm-search"), input = form.querySelector(".fm-q");
  var message = form.querySelector(".fm-message"), names = document.createElement("datalist");
  // A datalist is tied to its input only by id: one made here, numbered per map, is unique on the page.
  names.id = "fm-names-" + ++forumMapCount;
  input.setAttribute("list", names.id);
  form.appendChild(names);
  entries.forEach(function (entry) {
    var option = document.createElement("option");
    option.value = entry.name;
    option.label = entry.iso;
    names.appendChild(option);
  });
  // A list of every country: with the keyboard, arrow keys move from one to the next, each shown as chosen.
  var side = root.querySelector(".fm-side");
  if (side) {
    var pick = document.createElement("label"), select = document.createElement("select");
    pick.className = "fm-pick fm-box";
    pick.appendChild(document.createTextNode("Go to a country "));
    select.appendChild(new Option("\u2014 choose \u2014", ""));
    entries.slice().sort(function (a, b) {
      return a.name.localeCompare(b.name);
    }).forEach(function (entry) {
      select.appendChild(new Option(entry.name, entry.iso));
    });
    select.addEventListener("change", function () {
      if (byIso[select.value]) show(byIso[select.value]);
    });
    pick.appendChild(select);
    side.insertBefore(pick, side.querySelector(".fm-legend"));
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var found = find(input.value);
    message.textContent = "";
    if (!found.length) {
      message.textContent = "No country matches \u201c" + input.value + "\u201d.";
      return;
    }
    if (found.length === 1) {
      show(found[0]);
      return;
    }
    // Several countries go by this name: say so, and offer each.
    message.appendChild(document.createTextNode("\u201c" + input.value + "\u201d may mean: "));
    var choices = document.createElement("span");
    choices.className = "fm-choices";
    found.forEach(function (entry) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = entry.name + " (" + entry.iso + ")";
      button.addEventListener("click", function () {
        show(entry);
      });
      choices.appendChild(button);
    });
    message.appendChild(choices);
  });
  function boxBounds(box) {  // a country's box, projected: the box of its corners (and equator, if it spans it)
    var corners = [[box[1], box[0]], [box[1], box[2]], [box[3], box[0]], [box[3], box[2]]];
    if (box[1] < 0 && box[3] > 0) corners.push([0, box[0]], [0, box[2]]);
    return pixelBounds(L.bounds(corners.map(function (corner) {
      return map.project(corner, 0);
    })));
  }
  function show(entry) {
    message.textContent = entry.name + " (" + entry.iso + ")";
    var box = entry.box, size = map.getSize();
    if (root.classList.contains("fm-opened")) toggle.click();  // a phone's panel would hide the country
    // Keep the country, and the tooltip beside it, clear of the legend's column on the left.
    var side = size.x > 640 ? Math.min(280, size.x * 0.25) : 10;
    map.fitBounds(boxBounds(box), {
      maxZoom: 6,
      animate: false,
      paddingTopLeft: [side, 20],
      paddingBottomRight: [20, 20],
    });
    if (opened) opened.closeTooltip();
    placeMarkers();
    opened = entry.open || entry.shapes[entry.shapes.length - 1];
    opened.openTooltip(entry.at);
  }
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opened) opened.closeTooltip();
  });

  // Leaflet's default prefix carries a flag: a political sign on a map that means none.
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(FM.boundaries || "Boundaries: Natural Earth");

  // The column of boxes stays below the zoom buttons, however tall the header (a long title wraps) and however
  // many boxes it holds (a month a layer): taller than the room left, it scrolls. On narrow screens it is part of
  // the panel the header's button opens (position static): no limit then.
  var column = root.querySelector(".fm-side"), zoomButtons = root.querySelector(".leaflet-control-zoom");
  function fitColumn() {
    column.style.maxHeight = "";
    var style = getComputedStyle(column);
    if (!zoomButtons || style.position !== "absolute") return;
    var below = zoomButtons.getBoundingClientRect().bottom - root.getBoundingClientRect().top + 8;
    column.style.maxHeight = "calc(100% - " + Math.ceil(below + parseFloat(style.bottom)) + "px)";
  }
  if (column) {
    fitColumn();
    map.on("resize", fitColumn);
  }

  // Narrow screens: the header's button opens the panel holding the search, legend and the rest.
  var toggle = root.querySelector(".fm-toggle"), controls = root.querySelector(".fm-controls");
  if (toggle && controls) {
    toggle.addEventListener("click", function () {
      var open = !root.classList.contains("fm-opened");
      root.classList.toggle("fm-opened", open);
      toggle.setAttribute("aria-expanded", String(open));
      controls.style.top = root.querySelector(".fm-title").offsetHeight + "px";
    });
  }
  // Milliseconds from navigation start to a drawn map, and of that the time spent here (read by the tests), on
  // the map's container: the page's body when the map is alone on its page.
  root.setAttribute("data-fm-ready", String(Math.round(performance.now())));
  root.setAttribute("data-fm-draw", String(Math.round(performance.now() - started)));
}
