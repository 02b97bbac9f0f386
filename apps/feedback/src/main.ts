import 'reflect-metadata';
import { main } from '@ceg/kit';
import { feedbackSubgraph } from './index';

main(feedbackSubgraph);
