import { describe, expect, it } from 'vitest';
import { type ChatRef, findChat, parseChatCommand } from '../../../src/cli/chat-commands';

describe('npm run chat: the group and attachment commands', () => {
  it('/group takes a name and the members, split by commas (ASCII or full-width), 、 or spaces', () => {
    expect(parseChatCommand('/group 领导班子 李秀英,张伟')).toEqual({
      kind: 'group',
      name: '领导班子',
      members: ['李秀英', '张伟'],
    });
    expect(parseChatCommand('/group 保洁项目群 李秀英，张伟、王建国 何静')).toEqual({
      kind: 'group',
      name: '保洁项目群',
      members: ['李秀英', '张伟', '王建国', '何静'],
    });
  });

  it('/group without members, or without anything, says how to use it', () => {
    for (const line of ['/group', '/group 领导班子', '/group   '])
      expect(parseChatCommand(line)).toEqual({
        kind: 'error',
        error: '用法:/group 群名称 成员1,成员2(例如 /group 领导班子 李秀英,张伟)',
      });
  });

  it('/to names a chat or nothing; /chats lists them', () => {
    expect(parseChatCommand('/to 领导班子')).toEqual({ kind: 'to', target: '领导班子' });
    expect(parseChatCommand('/to')).toEqual({ kind: 'to', target: '' });
    expect(parseChatCommand('/chats')).toEqual({ kind: 'chats' });
    expect(parseChatCommand('/chats x')).toEqual({ kind: 'error', error: '用法:/chats' });
  });

  it('/image and /file take a path, quotes and all', () => {
    expect(parseChatCommand('/image /tmp/现场 照片.png')).toEqual({
      kind: 'image',
      path: '/tmp/现场 照片.png',
    });
    expect(parseChatCommand('/file "/tmp/预算 表.xlsx"')).toEqual({
      kind: 'file',
      path: '/tmp/预算 表.xlsx',
    });
    expect(parseChatCommand("/file '/tmp/a.txt'")).toEqual({ kind: 'file', path: '/tmp/a.txt' });
    expect(parseChatCommand('/image')).toEqual({ kind: 'error', error: '用法:/image 文件路径' });
    expect(parseChatCommand('/file  ')).toEqual({ kind: 'error', error: '用法:/file 文件路径' });
  });

  it('anything else is no command of these: messages, numbers, /menu, a longer word', () => {
    for (const line of ['菜单', '3', '2=张伟', '/menu', '/inbox', '/quit', '/groups', '/image2 x', '/tox'])
      expect(parseChatCommand(line), line).toBeUndefined();
  });

  const chats: ChatRef[] = [
    { chatId: 'oc_p2p_ou_a', name: '政府购买服务监管助手', type: 'p2p' },
    { chatId: 'oc_lead', name: '领导班子', type: 'group' },
    { chatId: 'oc_proj', name: '保洁项目群', type: 'group' },
  ];

  it('finds a chat by its number in /chats, its name or its id; nothing, 私聊 or 机器人 is the private chat', () => {
    expect(findChat(chats, '2')).toBe(chats[1]);
    expect(findChat(chats, '保洁项目群')).toBe(chats[2]);
    expect(findChat(chats, 'oc_lead')).toBe(chats[1]);
    for (const t of ['', '私聊', '机器人', ' ']) expect(findChat(chats, t)).toBe(chats[0]);
  });

  it('an unknown group is named, with the groups one is in', () => {
    expect(findChat(chats, '财务群')).toEqual({
      error: '没有叫「财务群」的群,您所在的群:领导班子、保洁项目群',
    });
    expect(findChat(chats, '9')).toEqual({ error: '没有叫「9」的群,您所在的群:领导班子、保洁项目群' });
    expect(findChat(chats.slice(0, 1), '财务群')).toEqual({
      error: '没有叫「财务群」的群:您还不在任何群里,用 /group 新建一个',
    });
  });
});
