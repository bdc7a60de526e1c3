/* Charts of the bureau's overview (/dashboards/): data from the page's json_script, drawn by the vendored ECharts. */
(function () {
  "use strict";
  if (!window.echarts) return;
  var el = document.getElementById("chart-data");
  if (!el) return;
  var d = JSON.parse(el.textContent);
  var num = function (v) { return v === null ? null : Number(v); };
  if (document.getElementById("chart-dist")) {
    echarts.init(document.getElementById("chart-dist")).setOption({
      tooltip: {}, xAxis: {type: "category", data: d.dist.bins, name: "总分"}, yAxis: {type: "value", name: "部门数", minInterval: 1},
      series: [{type: "bar", data: d.dist.counts, itemStyle: {color: "#b3261e"}, label: {show: true, position: "top"}}]});
    echarts.init(document.getElementById("chart-grades")).setOption({
      tooltip: {trigger: "item"}, legend: {bottom: 0},
      series: [{type: "pie", radius: ["35%", "65%"], data: Object.keys(d.dist.grades).map(function (k) { return {name: k, value: d.dist.grades[k]}; }),
                label: {formatter: "{b}：{c}"}}]});
    var losses = d.losses.slice().reverse();
    echarts.init(document.getElementById("chart-losses")).setOption({
      tooltip: {}, grid: {left: 220}, xAxis: {type: "value", name: "平均失分"},
      yAxis: {type: "category", data: losses.map(function (r) { return r.name; })},
      series: [{type: "bar", data: losses.map(function (r) { return num(r.avg_lost); }), itemStyle: {color: "#a35a00"}}]});
    var quarters = ["一季度", "二季度", "三季度", "四季度"];
    // Many departments: one box per quarter (min, quartiles, max); a few: one line each as well.
    var quantile = function (xs, q) { var i = (xs.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
      return xs[lo] + (xs[hi] - xs[lo]) * (i - lo); };
    var boxes = [0, 1, 2, 3].map(function (k) {
      var xs = d.quarters.map(function (q) { return q.progress[k]; }).filter(function (v) { return v !== null; })
        .map(function (v) { return Number(v) * 100; }).sort(function (a, b) { return a - b; });
      return xs.length ? [xs[0], quantile(xs, .25), quantile(xs, .5), quantile(xs, .75), xs[xs.length - 1]] : [];
    });
    var series = [{name: "各部门分布", type: "boxplot", data: boxes, itemStyle: {color: "#f3e3e2", borderColor: "#b3261e"}}];
    if (d.quarters.length <= 12) {
      d.quarters.forEach(function (q) {
        series.push({name: q.department, type: "line", symbolSize: 5,
                     data: q.progress.map(function (v) { return v === null ? null : Number(v) * 100; })});
      });
    }
    series.push({name: "序时进度", type: "line", data: [25, 50, 75, 100], lineStyle: {type: "dashed", width: 3, color: "#000"}, itemStyle: {color: "#000"}});
    echarts.init(document.getElementById("chart-quarters")).setOption({
      tooltip: {trigger: "item"}, legend: {type: "scroll", bottom: 0},
      xAxis: {type: "category", data: quarters}, yAxis: {type: "value", name: "累计支出进度（%）"}, series: series});
  }
  if (document.getElementById("chart-trend")) {
    echarts.init(document.getElementById("chart-trend")).setOption({
      tooltip: {trigger: "axis"}, xAxis: {type: "category", data: d.years.map(String)}, yAxis: {type: "value", name: "总分", min: 50, max: 100},
      series: [{type: "line", data: d.totals.map(num), label: {show: true}, itemStyle: {color: "#b3261e"}}]});
  }
})();
