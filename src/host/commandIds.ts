// Junction's command ids, as package.json contributes them (a unit test holds the two equal). No
// vscode import, so plain-Node tests can read them.
export const COMMANDS = {
  showPanel: "junction.showPanel",
  showLog: "junction.showLog",
  checkLocalModel: "junction.checkLocalModel",
  setCloudApiKey: "junction.setCloudApiKey",
  clearCloudApiKey: "junction.clearCloudApiKey",
  explainRoute: "junction.explainRoute",
  setFolderPrivacyMode: "junction.setFolderPrivacyMode",
  refactorSelection: "junction.refactorSelection",
  refactorAcrossFiles: "junction.refactorAcrossFiles",
  cancelRefactor: "junction.cancelRefactor",
  pullLocalModel: "junction.pullLocalModel",
  exportSessionCosts: "junction.exportSessionCosts",
  clearSession: "junction.clearSession",
  selectLocalModel: "junction.selectLocalModel",
  selectCloudModel: "junction.selectCloudModel",
  setUpCloudModel: "junction.setUpCloudModel",
  testCloudConnection: "junction.testCloudConnection",
  toggleInlineCompletions: "junction.toggleInlineCompletions",
  snoozeInlineCompletions: "junction.snoozeInlineCompletions",
  openPracticeFile: "junction.openPracticeFile",
  openWalkthrough: "junction.openWalkthrough",
  chooseCompletionOwner: "junction.chooseCompletionOwner",
} as const;

export type CommandName = keyof typeof COMMANDS;
