export { frenchElision } from '@mandate/domain/french';
