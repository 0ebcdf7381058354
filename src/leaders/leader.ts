export interface Leader {
  id: string;
  name: string;
  title: string;
  unit: string;
  regionCode: string;
  weiboUid: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
}
