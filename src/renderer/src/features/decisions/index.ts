export { DecisionsTab } from './DecisionsTab'
export type { DecisionsTabProps } from './DecisionsTab'
export { createDecisionsStore } from './store'
export type { DecisionsDeps, DecisionsState, DecisionsStore } from './store'
