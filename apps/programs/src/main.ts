import 'reflect-metadata';
import { main } from '@ceg/kit';
import { programsSubgraph } from './index';

main(programsSubgraph);
