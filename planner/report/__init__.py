"""The manifest workbook: Summary, Manifest, Milestones, Deployment, Pads, Supply, Bottlenecks and Changes sheets."""
