import 'reflect-metadata';
import { main } from '@ceg/kit';
import { partnersSubgraph } from './index';

main(partnersSubgraph);
