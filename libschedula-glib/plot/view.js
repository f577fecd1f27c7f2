/* view.js: the HTML view of libschedula-glib's plots (inlined in each view)
 *
 * One page at a time: the page's SVG is copied from its <template> into
 * #sch-view. Pan by dragging, zoom with the wheel, the buttons or + - 0;
 * a node that opens a page (a sub-dispatcher) opens it when clicked; Back
 * (the button, the browser's, Backspace) goes back. Hovering a node shows
 * its table: its value, distance and error in a workflow.
 *
 * The URL fragment chooses what the view shows when it loads:
 * #page=N opens page N; #click=ID then clicks the node ID of that page, as
 * a user would (a click event on the node's shape); #hover=ID moves the
 * mouse over the node ID of the page shown then. The tests use them.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('sch-data').textContent);
  var view = document.getElementById('sch-view');
  var tip = document.getElementById('sch-tip');
  var crumbs = document.getElementById('sch-crumbs');
  var up = document.getElementById('sch-up');
  var state = { page: -1, svg: null, box: null, full: null, drag: null, dragged: false };

  function parseFragment () {
    var out = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      if (!part)
        return;
      var i = part.indexOf('=');
      try {
        out[decodeURIComponent(i < 0 ? part : part.slice(0, i))] =
          decodeURIComponent(i < 0 ? '' : part.slice(i + 1));
      } catch (e) {
        /* a fragment that is not ours */
      }
    });
    return out;
  }

  function nodeElement (page, k) {
    return document.getElementById('sch-' + page + '-' + k);
  }

  function setBox (box) {
    state.box = box;
    if (state.svg)
      state.svg.setAttribute('viewBox', [box.x, box.y, box.w, box.h].join(' '));
  }

  function fit () {
    if (state.full)
      setBox({ x: state.full.x, y: state.full.y, w: state.full.w, h: state.full.h });
  }

  /* SVG units per screen pixel, and where the view's corner is in SVG units
   * (the SVG keeps its aspect ratio, centred) */
  function scale () {
    var r = view.getBoundingClientRect();
    var b = state.box;
    var s = Math.max(b.w / Math.max(r.width, 1), b.h / Math.max(r.height, 1));
    return { s: s, r: r, x: b.x + (b.w - r.width * s) / 2, y: b.y + (b.h - r.height * s) / 2 };
  }

  function zoom (factor, clientX, clientY) {
    if (!state.box)
      return;
    var m = scale();
    var cx = clientX === undefined ? m.r.left + m.r.width / 2 : clientX;
    var cy = clientY === undefined ? m.r.top + m.r.height / 2 : clientY;
    var px = m.x + (cx - m.r.left) * m.s;
    var py = m.y + (cy - m.r.top) * m.s;
    var b = state.box;
    setBox({ x: px - (px - b.x) / factor, y: py - (py - b.y) / factor, w: b.w / factor, h: b.h / factor });
  }

  function crumb (index, last) {
    var page = data.pages[index];
    var el = document.createElement(last ? 'span' : 'a');
    el.textContent = page.name;
    if (!last) {
      el.addEventListener('click', function () {
        show(index, true);
      });
    }
    return el;
  }

  function show (index, push) {
    if (!(index >= 0 && index < data.pages.length))
      index = 0;
    var page = data.pages[index];
    var template = document.getElementById('sch-page-' + index);
    var svg = template.content.querySelector('svg');

    hideTip();
    view.textContent = '';
    state.svg = null;
    state.box = state.full = null;
    if (svg) {
      svg = document.importNode(svg, true);
      /* the view shows its own tooltips */
      Array.prototype.forEach.call(svg.querySelectorAll('title'), function (t) {
        t.parentNode.removeChild(t);
      });
      Array.prototype.forEach.call(svg.querySelectorAll('a'), function (a) {
        a.removeAttribute('xlink:title');
        a.removeAttributeNS('http://www.w3.org/1999/xlink', 'title');
        a.removeAttribute('title');
      });
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
      view.appendChild(svg);
      var vb = (svg.getAttribute('viewBox') || '0 0 100 100').split(/[\s,]+/).map(Number);
      state.svg = svg;
      state.full = { x: vb[0], y: vb[1], w: vb[2], h: vb[3] };
      fit();
      page.nodes.forEach(function (node, k) {
        var el = nodeElement(index, k);
        if (!el)
          return;
        el.setAttribute('data-sch-node', String(k));
        if (node.link >= 0)
          el.classList.add('sch-link');
      });
    }

    state.page = index;
    view.setAttribute('data-page', String(index));
    view.setAttribute('data-path', page.path.join('/'));
    document.body.setAttribute('data-page', String(index));
    document.title = page.path.join(' / ') + ' (' + page.label + ')';

    crumbs.textContent = '';
    var chain = [];
    for (var p = index; p >= 0; p = data.pages[p].parent)
      chain.unshift(p);
    chain.forEach(function (p, i) {
      if (i > 0)
        crumbs.appendChild(document.createTextNode(' / '));
      crumbs.appendChild(crumb(p, i === chain.length - 1));
    });
    var label = document.createElement('span');
    label.className = 'sch-label';
    label.textContent = '(' + page.label + ')';
    crumbs.appendChild(label);
    up.disabled = page.parent < 0;

    if (push) {
      try {
        history.pushState({ page: index }, '', '#page=' + index);
      } catch (e) {
        /* file: URLs in some browsers: the view still works */
      }
    }
  }

  function nodeOf (target) {
    var g = target && target.closest ? target.closest('g.node') : null;
    if (!g || !g.hasAttribute('data-sch-node'))
      return null;
    var k = Number(g.getAttribute('data-sch-node'));
    return { k: k, node: data.pages[state.page].nodes[k], el: g };
  }

  function hideTip () {
    tip.hidden = true;
  }

  function showTip (hit, clientX, clientY) {
    var node = hit.node;
    tip.textContent = '';
    var h = document.createElement('h1');
    h.textContent = node.id;
    var kind = document.createElement('small');
    kind.textContent = node.kind;
    h.appendChild(kind);
    tip.appendChild(h);
    if (node.rows.length) {
      var table = document.createElement('table');
      node.rows.forEach(function (row) {
        var tr = document.createElement('tr');
        if (row[0] === 'error')
          tr.className = 'sch-error';
        var th = document.createElement('th');
        th.textContent = row[0];
        var td = document.createElement('td');
        td.textContent = row[1];
        tr.appendChild(th);
        tr.appendChild(td);
        table.appendChild(tr);
      });
      tip.appendChild(table);
    }
    if (node.link >= 0) {
      var hint = document.createElement('div');
      hint.className = 'sch-hint';
      hint.textContent = 'click to open ' + data.pages[node.link].path.join(' / ');
      tip.appendChild(hint);
    }
    tip.hidden = false;
    var x = clientX + 14, y = clientY + 14;
    var w = tip.offsetWidth, hh = tip.offsetHeight;
    if (x + w > window.innerWidth)
      x = Math.max(0, clientX - w - 14);
    if (y + hh > window.innerHeight)
      y = Math.max(0, clientY - hh - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  view.addEventListener('click', function (e) {
    if (state.dragged) {
      state.dragged = false;
      return;
    }
    var hit = nodeOf(e.target);
    if (hit && hit.node && hit.node.link >= 0) {
      e.preventDefault();
      show(hit.node.link, true);
    }
  });

  view.addEventListener('mousemove', function (e) {
    if (state.drag)
      return;
    var hit = nodeOf(e.target);
    if (hit && hit.node)
      showTip(hit, e.clientX, e.clientY);
    else
      hideTip();
  });
  view.addEventListener('mouseleave', hideTip);

  view.addEventListener('wheel', function (e) {
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX, e.clientY);
  }, { passive: false });

  view.addEventListener('pointerdown', function (e) {
    if (!state.box || e.button !== 0)
      return;
    state.drag = { x: e.clientX, y: e.clientY, box: state.box, s: scale().s, id: e.pointerId };
    state.dragged = false;
  });
  view.addEventListener('pointermove', function (e) {
    var d = state.drag;
    if (!d || d.id !== e.pointerId)
      return;
    var dx = e.clientX - d.x, dy = e.clientY - d.y;
    if (!state.dragged && Math.abs(dx) + Math.abs(dy) > 3) {
      state.dragged = true;
      view.classList.add('sch-dragging');
      view.setPointerCapture(e.pointerId);
      hideTip();
    }
    if (state.dragged)
      setBox({ x: d.box.x - dx * d.s, y: d.box.y - dy * d.s, w: d.box.w, h: d.box.h });
  });
  function endDrag (e) {
    if (!state.drag || state.drag.id !== e.pointerId)
      return;
    state.drag = null;
    view.classList.remove('sch-dragging');
  }
  view.addEventListener('pointerup', endDrag);
  view.addEventListener('pointercancel', endDrag);

  document.getElementById('sch-zoom-in').addEventListener('click', function () {
    zoom(1.25);
  });
  document.getElementById('sch-zoom-out').addEventListener('click', function () {
    zoom(0.8);
  });
  document.getElementById('sch-fit').addEventListener('click', fit);
  up.addEventListener('click', function () {
    var parent = data.pages[state.page].parent;
    if (parent >= 0)
      show(parent, true);
  });

  document.addEventListener('keydown', function (e) {
    if (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName))
      return;
    if (e.key === '+' || e.key === '=')
      zoom(1.25);
    else if (e.key === '-')
      zoom(0.8);
    else if (e.key === '0')
      fit();
    else if (e.key === 'Backspace' && data.pages[state.page].parent >= 0)
      show(data.pages[state.page].parent, true);
  });

  window.addEventListener('popstate', function (e) {
    if (e.state && typeof e.state.page === 'number')
      show(e.state.page, false);
    else
      show(Number(parseFragment().page || 0), false);
  });
  window.addEventListener('hashchange', function () {
    var page = Number(parseFragment().page || 0);
    if (page !== state.page)
      show(page, false);
  });

  /* The first page, or the fragment's; then the fragment's click */
  var fragment = parseFragment();
  show(Number(fragment.page || 0), false);
  try {
    history.replaceState({ page: state.page }, '');
  } catch (e) {
    /* as for pushState */
  }
  if (fragment.click !== undefined) {
    var nodes = data.pages[state.page].nodes;
    for (var k = 0; k < nodes.length; k++) {
      if (nodes[k].id === fragment.click) {
        var el = nodeElement(state.page, k);
        var target = el && (el.querySelector('polygon, ellipse, path, text') || el);
        if (target) {
          target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
        }
        break;
      }
    }
  }
  if (fragment.hover !== undefined) {
    var hovered = data.pages[state.page].nodes;
    for (var h = 0; h < hovered.length; h++) {
      if (hovered[h].id === fragment.hover) {
        var box = nodeElement(state.page, h);
        var shape = box && (box.querySelector('polygon, ellipse, path, text') || box);
        if (shape) {
          var r = shape.getBoundingClientRect();
          shape.dispatchEvent(new MouseEvent('mousemove', {
            bubbles: true, cancelable: true, view: window,
            clientX: r.left + r.width / 2, clientY: r.top + r.height / 2
          }));
        }
        break;
      }
    }
  }
  document.body.setAttribute('data-ready', 'true');
}());
