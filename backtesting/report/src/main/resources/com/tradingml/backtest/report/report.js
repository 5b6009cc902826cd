/* Hover read-outs for the report's line charts; the charts themselves are complete without this script. */
(function () {
  'use strict';
  var dataNode = document.getElementById('hover-data');
  var tooltip = document.getElementById('tooltip');
  if (!dataNode || !tooltip) {
    return;
  }
  var charts = JSON.parse(dataNode.textContent);

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function formatTime(ms, daily) {
    var d = new Date(ms);
    var day = d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    return daily ? day : day + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ' UTC';
  }

  function formatValue(v, format) {
    if (v === null) {
      return '\u2014';
    }
    if (format === 'percent') {
      return (v * 100).toFixed(2) + '%';
    }
    var abs = Math.abs(v);
    if (abs >= 1000) {
      return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    }
    return v.toFixed(abs >= 10 ? 2 : 3);
  }

  function nearest(times, t) {
    var lo = 0;
    var hi = times.length - 1;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (times[mid] <= t) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.abs(times[hi] - t) < Math.abs(t - times[lo]) ? hi : lo;
  }

  function row(label, value, key) {
    var line = document.createElement('div');
    line.className = 'tip-row';
    var swatch = document.createElement('span');
    swatch.className = 'swatch s-' + key;
    var name = document.createElement('span');
    name.textContent = label;
    var number = document.createElement('span');
    number.className = 'tip-value';
    number.textContent = value;
    line.appendChild(swatch);
    line.appendChild(name);
    line.appendChild(number);
    return line;
  }

  charts.forEach(function (chart) {
    var svg = document.getElementById(chart.chart);
    if (!svg || chart.times.length === 0) {
      return;
    }
    var marks = svg.querySelector('.hover');
    var line = marks.querySelector('.hover-line');
    var dots = marks.querySelectorAll('.hover-dot');
    var span = chart.t1 - chart.t0;
    var plotWidth = chart.right - chart.left;

    function hide() {
      marks.setAttribute('display', 'none');
      tooltip.hidden = true;
    }

    function y(v) {
      return chart.top + (chart.v1 - v) / (chart.v1 - chart.v0) * (chart.bottom - chart.top);
    }

    svg.addEventListener('mousemove', function (event) {
      var box = svg.getBoundingClientRect();
      var x = (event.clientX - box.left) / box.width * chart.width;
      if (x < chart.left || x > chart.right) {
        hide();
        return;
      }
      var i = nearest(chart.times, chart.t0 + (x - chart.left) / plotWidth * span);
      var px = chart.left + (chart.times[i] - chart.t0) / span * plotWidth;
      line.setAttribute('x1', px);
      line.setAttribute('x2', px);
      tooltip.textContent = '';
      var head = document.createElement('div');
      head.className = 'tip-time';
      head.textContent = formatTime(chart.times[i], chart.daily);
      tooltip.appendChild(head);
      var rows = [];
      chart.series.forEach(function (series, k) {
        var v = series.values[i];
        if (v === null) {
          dots[k].setAttribute('visibility', 'hidden');
        } else {
          dots[k].setAttribute('visibility', 'visible');
          dots[k].setAttribute('cx', px);
          dots[k].setAttribute('cy', y(v));
        }
        rows.push(row(series.label, formatValue(v, chart.format), series.key));
      });
      // Series are drawn back to front (the strategy on top); they are listed front to back.
      for (var r = rows.length - 1; r >= 0; r--) {
        tooltip.appendChild(rows[r]);
      }
      marks.setAttribute('display', 'inline');
      tooltip.hidden = false;
      var left = event.pageX + 16;
      if (left + tooltip.offsetWidth > document.documentElement.scrollWidth - 8) {
        left = event.pageX - 16 - tooltip.offsetWidth;
      }
      tooltip.style.left = left + 'px';
      tooltip.style.top = (event.pageY + 16) + 'px';
    });
    svg.addEventListener('mouseleave', hide);
  });
  document.documentElement.setAttribute('data-report-script', 'ready');
})();
