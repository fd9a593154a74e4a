// The live panel's orders-per-minute chart, drawn by uPlot from its WebJar (same origin;
// its stylesheet is linked from index.html). Loaded only when a live session is open.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const ZONE = 'Asia/Shanghai';

const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A chart of orders per minute in the box; update(xs, ys) redraws it (xs in seconds). */
export function ordersPerMinute(box, label) {
  const width = () => Math.max(200, box.clientWidth);
  const plot = new uPlot({
    width: width(),
    height: 140,
    legend: { show: false },
    cursor: { show: false },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), ZONE),
    scales: {
      // half a minute either side, so the first and the last bar are whole
      x: { time: true, range: (self, min, max) => [min - 30, max + 30] },
      y: { range: (self, min, max) => [0, Math.max(4, Math.ceil(max ?? 0))] },
    },
    axes: [
      {
        stroke: '#5c6670', grid: { show: false }, size: 28, font: '12px system-ui, sans-serif',
        // 24-hour Beijing time, as everywhere in the console
        values: (self, ticks) => ticks.map((seconds) => CLOCK.format(new Date(seconds * 1000))),
      },
      { stroke: '#5c6670', grid: { stroke: '#e7e3da' }, size: 32, font: '12px system-ui, sans-serif', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
    ],
    series: [
      {},
      {
        label,
        stroke: '#c2410c',
        width: 2,
        fill: 'rgba(194, 65, 12, 0.15)',
        spanGaps: false,
        points: { show: true, size: 5 },
        paths: uPlot.paths.bars({ size: [0.7, 16] }),
      },
    ],
  }, [[], []], box);
  const resize = () => plot.setSize({ width: width(), height: 140 });
  window.addEventListener('resize', resize);
  return {
    update(xs, ys) {
      plot.setData([xs, ys]);
    },
    destroy() {
      window.removeEventListener('resize', resize);
      plot.destroy();
    },
  };
}
