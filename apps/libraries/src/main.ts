import 'reflect-metadata';
import { main } from '@ceg/kit';
import { librariesSubgraph } from './index';

main(librariesSubgraph);
