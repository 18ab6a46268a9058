import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only the pieces the app draws, so the lazily loaded chart chunk stays a fraction of full ECharts. SVG
// rather than canvas: crisp at any zoom, and labels stay real text (selectable, visible to tests).
use([LineChart, BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init };
