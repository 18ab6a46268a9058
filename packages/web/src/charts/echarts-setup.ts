import { BarChart, CustomChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkPointComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only the pieces the app draws, so the lazily loaded chart chunk stays a fraction of full ECharts. SVG
// rather than canvas: crisp at any zoom, and labels stay real text (selectable, visible to tests). Custom
// series draw the experiments' interval (error bar) charts; Sankey draws paths; mark points draw annotations.
use([
  LineChart,
  BarChart,
  PieChart,
  CustomChart,
  SankeyChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkPointComponent,
  SVGRenderer,
]);

export { init };
