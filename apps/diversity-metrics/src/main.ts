import 'reflect-metadata';
import { main } from '@ceg/kit';
import { diversityMetricsSubgraph } from './index';

main(diversityMetricsSubgraph);
